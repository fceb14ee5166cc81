"""Aggregates of a period, one grouped SQL query each (no private notes, contacts or flags).

Everything here may be shown to the funder: organisation names, counts and hours, never
a follow-up summary, an e-mail, a person's name or the "in difficulty" flag. Each function
returns plain data; :mod:`.tables` turns them into ``(headers, rows)`` tables.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from sqlalchemy import and_, case, func, or_, select

from ..extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import (
    FollowUp,
    GroupMeeting,
    HelpAnswer,
    HelpRequest,
    Need,
    Offer,
    Organisation,
    Pairing,
    PairingTransition,
    ReportHighlight,
    ReportSettings,
    TerritorialGroup,
)
from ..models.group import group_member, meeting_participant
from ..models.report import DEFAULT_HOURLY_RATE
from ..organisations.queries import young_clause
from .period import Period

ZERO = Decimal("0.00")


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _member_during(period: Period):
    """Organisations that were members at some point of the period."""
    return and_(
        Organisation.created_at < period.end_before,
        or_(Organisation.archived_at.is_(None), Organisation.archived_at >= period.start_at),
    )


@dataclass
class OrganisationFigures:
    total: int = 0
    new: int = 0
    young: int = 0
    experienced: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_sector: Counter = field(default_factory=Counter)
    by_epci: Counter = field(default_factory=Counter)


def organisations(period: Period) -> OrganisationFigures:
    """Members during the period by status, sector, EPCI and age (one query)."""
    is_young = case((young_clause(), 1), else_=0)
    is_new = case((Organisation.created_at >= period.start_at, 1), else_=0)
    rows = db.session.execute(
        select(
            Organisation.status,
            Organisation.sector,
            Organisation.commune_insee,
            is_young,
            is_new,
            func.count(),
        )
        .where(_member_during(period))
        .group_by(
            Organisation.status, Organisation.sector, Organisation.commune_insee, is_young, is_new
        )
    ).all()
    gazetteer = get_gazetteer()
    figures = OrganisationFigures()
    for status, sector, insee, young, new, count in rows:
        commune = gazetteer.by_insee(insee) if insee else None
        figures.total += count
        figures.new += count if new else 0
        figures.young += count if young else 0
        figures.by_status[status] += count
        figures.by_sector[sector] += count
        figures.by_epci[commune.epci if commune else "Hors Pas-de-Calais"] += count
    figures.experienced = figures.total - figures.young
    return figures


def needs_by_theme(period: Period) -> dict[str, dict[str, int]]:
    """Per theme: needs declared and met in the period, open and offers active at its end."""
    declared = and_(Need.created_at >= period.start_at, Need.created_at < period.end_before)
    met = and_(
        Need.status == "met",
        Need.closed_at >= period.start_at,
        Need.closed_at < period.end_before,
    )
    open_at_end = and_(
        Need.created_at < period.end_before,
        or_(Need.closed_at.is_(None), Need.closed_at >= period.end_before),
        or_(Need.status == "open", Need.closed_at.is_not(None)),
    )
    figures: dict[str, dict[str, int]] = defaultdict(
        lambda: {"declared": 0, "met": 0, "open": 0, "offers": 0}
    )
    for theme, n_declared, n_met, n_open in db.session.execute(
        select(Need.theme_code, _count_if(declared), _count_if(met), _count_if(open_at_end))
        .join(Need.organisation)
        .where(_member_during(period))
        .group_by(Need.theme_code)
    ):
        figures[theme].update(declared=int(n_declared), met=int(n_met), open=int(n_open))
    active_at_end = and_(
        Offer.created_at < period.end_before,
        or_(Offer.closed_at.is_(None), Offer.closed_at >= period.end_before),
        or_(Offer.status == "active", Offer.closed_at.is_not(None)),
    )
    for theme, count in db.session.execute(
        select(Offer.theme_code, func.count())
        .join(Offer.organisation)
        .where(_member_during(period), active_at_end)
        .group_by(Offer.theme_code)
    ):
        figures[theme]["offers"] = count
    return dict(figures)


def hosts_by_theme(themes: list[str], period: Period) -> dict[str, list[str]]:
    """Names of the members with an active offer on each theme (workshop hosts or speakers)."""
    if not themes:
        return {}
    hosts: dict[str, list[str]] = defaultdict(list)
    for theme, name in db.session.execute(
        select(Offer.theme_code, Organisation.name)
        .join(Offer.organisation)
        .where(Offer.theme_code.in_(themes), Offer.status == "active", _member_during(period))
        .distinct()
        .order_by(Offer.theme_code, Organisation.name)
    ):
        hosts[theme].append(name)
    return dict(hosts)


def _stats(values: list[int]) -> dict:
    if not values:
        return {"count": 0, "mean": None, "median": None}
    return {
        "count": len(values),
        "mean": round(sum(values) / len(values), 1),
        "median": round(float(median(values)), 1),
    }


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
    return {"by_status": by_status, "total": len(rows), "durations_days": _stats(ended)}


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
        .group_by(FollowUp.pairing_id)
        .subquery()
    )
    rows = db.session.execute(
        select(validated.c.at, first.c.on)
        .outerjoin(first, first.c.pairing_id == validated.c.pairing_id)
        .where(validated.c.at >= period.start_at, validated.c.at < period.end_before)
    ).all()
    delays = [max((on - at.date()).days, 0) for at, on in rows if on is not None]
    return {"validated": len(rows), "without_meeting": len(rows) - len(delays), **_stats(delays)}


def _held_in(column, period: Period):
    return and_(column >= period.start, column <= period.end)


def followups(period: Period) -> dict:
    """Parrainage meetings held in the period, by format, with hours."""
    rows = db.session.execute(
        select(
            FollowUp.format,
            func.count(),
            func.coalesce(func.sum(FollowUp.volunteer_hours), ZERO),
            func.coalesce(func.sum(FollowUp.duration_minutes), 0),
        )
        .where(_held_in(FollowUp.held_on, period))
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
        .where(_held_in(GroupMeeting.held_on, period))
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
            _count_if(answers.c.n > 0),
            func.coalesce(func.sum(answers.c.n), 0),
            _count_if(HelpRequest.status == "closed"),
            _count_if(HelpRequest.solved.is_(True)),
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


def balance(period: Period) -> list[dict]:
    """Help given and received by each member: as sponsor/sponsored, and help answers."""
    live = and_(
        Pairing.status.in_(("active", "completed", "stopped")),
        Pairing.created_at < period.end_before,
        or_(Pairing.ended_at.is_(None), Pairing.ended_at >= period.start_at),
    )
    figures: dict[int, Counter] = defaultdict(Counter)
    for column, key in ((Pairing.mentor_id, "mentor"), (Pairing.mentee_id, "mentee")):
        for org_id, count in db.session.execute(
            select(column, func.count()).where(live).group_by(column)
        ):
            figures[org_id][key] += count
    in_period = and_(
        HelpAnswer.created_at >= period.start_at, HelpAnswer.created_at < period.end_before
    )
    for column, key in (
        (HelpAnswer.organisation_id, "given"),
        (HelpRequest.organisation_id, "received"),
    ):
        for org_id, count in db.session.execute(
            select(column, func.count()).join(HelpAnswer.request).where(in_period).group_by(column)
        ):
            figures[org_id][key] += count
    if not figures:
        return []
    names = dict(
        db.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(list(figures)))
        ).all()
    )
    rows = []
    for org_id, counts in figures.items():
        given = counts["mentor"] + counts["given"]
        received = counts["mentee"] + counts["received"]
        rows.append({"name": names.get(org_id, "?"), **counts, "balance": given - received})
    rows.sort(key=lambda r: (-r["balance"], r["name"]))
    for row in rows:
        for key in ("mentor", "mentee", "given", "received"):
            row.setdefault(key, 0)
    return rows


def map_members(period: Period) -> tuple[list[dict], list[str]]:
    """Members with their coordinates and their group's index, and the groups' names."""
    groups = db.session.execute(
        select(TerritorialGroup.id, TerritorialGroup.name)
        .where(TerritorialGroup.archived_at.is_(None))
        .order_by(TerritorialGroup.name, TerritorialGroup.id)
    ).all()
    index = {group_id: i for i, (group_id, _) in enumerate(groups)}
    membership = select(
        group_member.c.organisation_id, func.min(group_member.c.group_id).label("g")
    )
    membership = membership.where(group_member.c.group_id.in_(list(index) or [-1]))
    membership = membership.group_by(group_member.c.organisation_id).subquery()
    gazetteer = get_gazetteer()
    members = []
    for name, insee, lat, lon, group_id in db.session.execute(
        select(
            Organisation.name,
            Organisation.commune_insee,
            Organisation.latitude,
            Organisation.longitude,
            membership.c.g,
        )
        .outerjoin(membership, membership.c.organisation_id == Organisation.id)
        .where(_member_during(period))
        .order_by(Organisation.name)
    ):
        commune = gazetteer.by_insee(insee) if insee else None
        if lat is None:
            lat, lon = (commune.lat, commune.lon) if commune else (None, None)
        epci = commune.epci if commune else None
        members.append(
            {"name": name, "lat": lat, "lon": lon, "group": index.get(group_id), "epci": epci}
        )
    return members, [name for _, name in groups]


def hourly_rate() -> Decimal:
    rate = db.session.scalar(select(ReportSettings.hourly_rate).where(ReportSettings.id == 1))
    return Decimal(rate) if rate is not None else DEFAULT_HOURLY_RATE


def highlights(year: int) -> list[ReportHighlight]:
    """The testimonies the coordinator selected for a year (selected = consent to show)."""
    return list(
        db.session.scalars(
            select(ReportHighlight)
            .where(ReportHighlight.year == year)
            .order_by(ReportHighlight.position, ReportHighlight.id)
        )
    )
