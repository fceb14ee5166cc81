"""The mutual aid of a period: pairings, meetings, group meetings, help requests."""

from collections import Counter
from decimal import Decimal

from sqlalchemy import case, func, or_, select

from ...core.extensions import db
from ...core.statements import built_once
from ...models import (
    FollowUp,
    GroupMeeting,
    HelpAnswer,
    HelpRequest,
    Pairing,
    PairingEvaluation,
    PairingTransition,
)
from ...models.group import meeting_participant
from ...models.pairing import SATISFACTION_LEVELS
from ..period import Period
from ._sql import ZERO, count_if, held_in, mean_of, summary_stats

# Where a pairing stood at the end of a period (state_at_end): the parrainages followed,
# and the proposals that are not (yet) parrainages.
FOLLOWED_STATES = {
    "active": "En cours en fin de période",
    "completed": "Terminé",
    "stopped": "Arrêté en cours de route",
}
PROPOSAL_STATES = {
    "awaiting": "En attente de réponse en fin de période",
    "declined": "Déclinée par une SCIC",
    "withdrawn": "Retirée par la coordination",
}


def state_at_end(status: str, start, ended_at, period: Period) -> str:
    """Where a pairing stood on the period's last day, from its dates (not its status of
    today: a parrainage completed in 2025 was running at the end of 2024)."""
    if ended_at is not None and ended_at < period.end_before:
        if status == "stopped" and start is None:
            return "withdrawn"  # a proposal the coordination took back
        return status  # completed, stopped (after it started) or declined
    return "active" if start is not None and start <= period.end else "awaiting"


@built_once
def _pairings_statement(period: Period):
    return select(Pairing.status, Pairing.start_date, Pairing.ended_at).where(
        Pairing.created_at < period.end_before,
        or_(Pairing.ended_at.is_(None), Pairing.ended_at >= period.start_at),
    )


def pairings(period: Period) -> dict:
    """Pairings of the period by where they stood at its end: the parrainages followed
    (accepted by both SCICs: running, completed, stopped) apart from the proposals
    (awaiting an answer, declined by a SCIC, withdrawn by the coordination); durations of
    the parrainages ended in it."""
    rows = db.session.execute(_pairings_statement(period)).all()
    states = [
        (state_at_end(status, start, ended_at, period), start, ended_at)
        for status, start, ended_at in rows
    ]
    followed = Counter(state for state, _, _ in states if state in FOLLOWED_STATES)
    proposals = Counter(state for state, _, _ in states if state in PROPOSAL_STATES)
    ended = [
        (ended_at.date() - start).days
        for state, start, ended_at in states
        if state in ("completed", "stopped") and start is not None
    ]
    return {
        "by_status": followed,
        "total": sum(followed.values()),
        "proposals": proposals,
        "durations_days": summary_stats(ended),
    }


def validation_to_first_meeting(period: Period) -> dict:
    """Days from validation (sent for consent) to the first meeting, for the validations of
    the period that both SCICs accepted by its end (a declined or withdrawn proposal never
    waits for a meeting); a meeting after the period's end does not count yet."""
    rows = db.session.execute(_first_meeting_statement(period)).all()
    delays = [max((on - at.date()).days, 0) for at, on in rows if on is not None]
    return {
        "validated": len(rows),
        "without_meeting": len(rows) - len(delays),
        **summary_stats(delays),
    }


@built_once
def _first_meeting_statement(period: Period):
    validated = (
        select(
            PairingTransition.pairing_id.label("pairing_id"),
            func.min(PairingTransition.created_at).label("at"),
        )
        .where(PairingTransition.to_status == "awaiting_consent")
        .group_by(PairingTransition.pairing_id)
        .subquery()
    )
    first = (
        select(FollowUp.pairing_id.label("pairing_id"), func.min(FollowUp.held_on).label("on"))
        .where(FollowUp.status == "held")  # planned meetings are not activity
        .where(FollowUp.held_on <= period.end)
        .group_by(FollowUp.pairing_id)
        .subquery()
    )
    return (
        select(validated.c.at, first.c.on)
        .join(Pairing, Pairing.id == validated.c.pairing_id)
        .outerjoin(first, first.c.pairing_id == validated.c.pairing_id)
        .where(
            validated.c.at >= period.start_at,
            validated.c.at < period.end_before,
            Pairing.start_date.is_not(None),
            Pairing.start_date <= period.end,
        )
    )


@built_once
def _satisfaction_statement(period: Period):
    side = case((PairingEvaluation.organisation_id == Pairing.mentee_id, "mentee"), else_="mentor")
    return (
        select(PairingEvaluation.satisfaction, side, func.count())
        .join(Pairing, Pairing.id == PairingEvaluation.pairing_id)
        .where(
            PairingEvaluation.created_at >= period.start_at,
            PairingEvaluation.created_at < period.end_before,
        )
        .group_by(PairingEvaluation.satisfaction, side)
    )


def satisfaction(period: Period) -> dict:
    """The close-out evaluations given in the period: how many, the mean satisfaction (1 to
    5) and how many gave each level, from each side (figures only, never their text)."""
    rows = db.session.execute(_satisfaction_statement(period)).all()
    levels = {level: {"mentee": 0, "mentor": 0} for level in SATISFACTION_LEVELS}
    for level, who, count in rows:
        levels.setdefault(int(level), {"mentee": 0, "mentor": 0})[who] += count
    count = sum(n for level in levels.values() for n in level.values())
    total = sum(level * sum(sides.values()) for level, sides in levels.items())
    return {
        "count": count,
        "mean": mean_of(total, count),
        "levels": levels,
    }


@built_once
def _followups_statement(period: Period):
    return (
        select(
            FollowUp.format,
            func.count(),
            func.coalesce(func.sum(FollowUp.volunteer_hours), ZERO),
            func.coalesce(func.sum(FollowUp.duration_minutes), 0),
        )
        .where(held_in(FollowUp.held_on, period), FollowUp.status == "held")
        .group_by(FollowUp.format)
    )


def followups(period: Period) -> dict:
    """Parrainage meetings held in the period, by format, with hours."""
    rows = db.session.execute(_followups_statement(period)).all()
    by_format = {fmt: {"count": n, "hours": Decimal(h), "minutes": int(m)} for fmt, n, h, m in rows}
    return {
        "by_format": by_format,
        "count": sum(v["count"] for v in by_format.values()),
        "hours": sum((v["hours"] for v in by_format.values()), ZERO),
        "minutes": sum(v["minutes"] for v in by_format.values()),
    }


def group_meetings(period: Period) -> dict:
    """Group and network meetings held in the period, by kind, with attendance and hours."""
    rows = db.session.execute(_group_meetings_statement(period)).all()
    by_kind = {k: {"count": n, "hours": Decimal(h), "attendance": int(a)} for k, n, h, a in rows}
    count = sum(v["count"] for v in by_kind.values())
    attendance_total = sum(v["attendance"] for v in by_kind.values())
    return {
        "by_kind": by_kind,
        "count": count,
        "hours": sum((v["hours"] for v in by_kind.values()), ZERO),
        "attendance": attendance_total,
        "mean_attendance": mean_of(attendance_total, count),
    }


@built_once
def _group_meetings_statement(period: Period):
    attendance = (
        select(meeting_participant.c.meeting_id, func.count().label("n"))
        .group_by(meeting_participant.c.meeting_id)
        .subquery()
    )
    return (
        select(
            GroupMeeting.kind,
            func.count(),
            func.coalesce(func.sum(GroupMeeting.volunteer_hours), ZERO),
            func.coalesce(func.sum(attendance.c.n), 0),
        )
        .outerjoin(attendance, attendance.c.meeting_id == GroupMeeting.id)
        .where(held_in(GroupMeeting.held_on, period), GroupMeeting.status == "held")
        .group_by(GroupMeeting.kind)
    )


def help_requests(period: Period) -> dict:
    """Help requests posted in the period: answered, closed, solved; answers given."""
    posted, answered, n_answers, closed, solved = db.session.execute(
        _help_requests_statement(period)
    ).one()
    return {
        "posted": posted,
        "answered": int(answered),
        "answers": int(n_answers),
        "closed": int(closed),
        "solved": int(solved),
    }


@built_once
def _help_requests_statement(period: Period):
    answers = (
        select(HelpAnswer.request_id, func.count().label("n"))
        .group_by(HelpAnswer.request_id)
        .subquery()
    )
    return (
        select(
            func.count(),
            count_if(answers.c.n > 0),
            func.coalesce(func.sum(answers.c.n), 0),
            count_if(HelpRequest.status == "closed"),
            count_if(HelpRequest.solved.is_(True)),
        )
        .outerjoin(answers, answers.c.request_id == HelpRequest.id)
        .where(
            HelpRequest.created_at >= period.start_at, HelpRequest.created_at < period.end_before
        )
    )
