"""The mutual aid of a period: pairings, meetings, group meetings, help requests."""

from collections import Counter
from decimal import Decimal

from sqlalchemy import func, or_, select

from ...core.extensions import db
from ...models import (
    FollowUp,
    GroupMeeting,
    HelpAnswer,
    HelpRequest,
    Pairing,
    PairingTransition,
)
from ...models.group import meeting_participant
from ..period import Period
from ._sql import ZERO, count_if, held_in, summary_stats


def pairings(period: Period) -> dict:
    """Pairings live during the period by status; durations of those ended in it."""
    rows = db.session.execute(
        select(Pairing.status, Pairing.start_date, Pairing.ended_at).where(
            Pairing.created_at < period.end_before,
            or_(Pairing.ended_at.is_(None), Pairing.ended_at >= period.start_at),
        )
    ).all()
    by_status = Counter(status for status, _, _ in rows)
    ended = [
        (ended_at.date() - start).days
        for status, start, ended_at in rows
        if status in ("completed", "stopped")
        and start is not None
        and ended_at is not None
        and ended_at < period.end_before
    ]
    return {"by_status": by_status, "total": len(rows), "durations_days": summary_stats(ended)}


def validation_to_first_meeting(period: Period) -> dict:
    """Days from validation (sent for consent) to the first meeting, validations of the period."""
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
        .group_by(FollowUp.pairing_id)
        .subquery()
    )
    rows = db.session.execute(
        select(validated.c.at, first.c.on)
        .outerjoin(first, first.c.pairing_id == validated.c.pairing_id)
        .where(validated.c.at >= period.start_at, validated.c.at < period.end_before)
    ).all()
    delays = [max((on - at.date()).days, 0) for at, on in rows if on is not None]
    return {
        "validated": len(rows),
        "without_meeting": len(rows) - len(delays),
        **summary_stats(delays),
    }


def followups(period: Period) -> dict:
    """Parrainage meetings held in the period, by format, with hours."""
    rows = db.session.execute(
        select(
            FollowUp.format,
            func.count(),
            func.coalesce(func.sum(FollowUp.volunteer_hours), ZERO),
            func.coalesce(func.sum(FollowUp.duration_minutes), 0),
        )
        .where(held_in(FollowUp.held_on, period), FollowUp.status == "held")
        .group_by(FollowUp.format)
    ).all()
    by_format = {fmt: {"count": n, "hours": Decimal(h), "minutes": int(m)} for fmt, n, h, m in rows}
    return {
        "by_format": by_format,
        "count": sum(v["count"] for v in by_format.values()),
        "hours": sum((v["hours"] for v in by_format.values()), ZERO),
        "minutes": sum(v["minutes"] for v in by_format.values()),
    }


def group_meetings(period: Period) -> dict:
    """Group and network meetings held in the period, by kind, with attendance and hours."""
    attendance = (
        select(meeting_participant.c.meeting_id, func.count().label("n"))
        .group_by(meeting_participant.c.meeting_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            GroupMeeting.kind,
            func.count(),
            func.coalesce(func.sum(GroupMeeting.volunteer_hours), ZERO),
            func.coalesce(func.sum(attendance.c.n), 0),
        )
        .outerjoin(attendance, attendance.c.meeting_id == GroupMeeting.id)
        .where(held_in(GroupMeeting.held_on, period), GroupMeeting.status == "held")
        .group_by(GroupMeeting.kind)
    ).all()
    by_kind = {k: {"count": n, "hours": Decimal(h), "attendance": int(a)} for k, n, h, a in rows}
    count = sum(v["count"] for v in by_kind.values())
    attendance_total = sum(v["attendance"] for v in by_kind.values())
    return {
        "by_kind": by_kind,
        "count": count,
        "hours": sum((v["hours"] for v in by_kind.values()), ZERO),
        "attendance": attendance_total,
        "mean_attendance": round(attendance_total / count, 1) if count else None,
    }


def help_requests(period: Period) -> dict:
    """Help requests posted in the period: answered, closed, solved; answers given."""
    answers = (
        select(HelpAnswer.request_id, func.count().label("n"))
        .group_by(HelpAnswer.request_id)
        .subquery()
    )
    posted, answered, n_answers, closed, solved = db.session.execute(
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
    ).one()
    return {
        "posted": posted,
        "answered": int(answered),
        "answers": int(n_answers),
        "closed": int(closed),
        "solved": int(solved),
    }
