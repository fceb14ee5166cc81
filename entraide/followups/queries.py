"""Read side of the follow-up: the adapter to the pure health rule, the dashboard rows,
and what the pairing page shows of the booklet.

Only held meetings are activity (``models.planning``): the health rule, the reminders and
the figures never see a planned or cancelled one. The « prochaine rencontre » of a
pairing is its first planned meeting not yet past; failing one, the date the latest
record gave (« prochaine rencontre envisagée », a day without an appointment).
"""

from dataclasses import dataclass, field
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload

from ..core.extensions import db
from ..models import FollowUp, FollowUpAction, Need, Pairing, PairingEvaluation
from .health import Activity, Health, assess

# Meetings shown per page of the booklet: a long parrainage must not make its page slow.
BOOKLET_PAGE_SIZE = 10


def _activity(pairing: Pairing, last_meeting: date | None, due: tuple[date, ...]) -> Activity:
    start = pairing.start_date or pairing.created_at.date()
    return Activity(
        start_date=start,
        last_meeting=last_meeting,
        rhythm_days=pairing.rhythm_days,
        open_action_due_dates=due,
    )


def activity_of(pairing: Pairing) -> Activity:
    """The adapter from a pairing (with its meetings and actions loaded: the lists of
    pairings load them all at once) to the pure rule."""
    meetings = [f.held_on for f in pairing.followups if f.is_held]
    due = tuple(
        a.due_on
        for f in pairing.followups
        for a in f.actions
        if a.done_at is None and a.due_on is not None
    )
    return _activity(pairing, max(meetings, default=None), due)


def health_of(pairing: Pairing, today: date | None = None) -> Health:
    return assess(activity_of(pairing), today or date.today())


def overdue_actions(pairing: Pairing, today: date) -> list[FollowUpAction]:
    return [a for f in pairing.followups for a in f.actions if a.is_overdue(today)]


def planned_meetings(pairing: Pairing) -> list[FollowUp]:
    """Its planned meetings, soonest first (loaded with the pairing's meetings)."""
    planned = [f for f in pairing.followups if f.is_planned]
    return sorted(planned, key=lambda f: (f.held_on, f.start_time, f.id))


def _next_meeting(
    planned: list[FollowUp], latest_held: FollowUp | None, today: date
) -> date | None:
    upcoming = [f.held_on for f in planned if f.held_on >= today]
    if upcoming:
        return upcoming[0]
    return latest_held.next_meeting_on if latest_held else None


def next_meeting_of(pairing: Pairing, today: date | None = None) -> date | None:
    """The day of the next meeting (module docstring for the rule)."""
    held = [f for f in pairing.followups if f.is_held]
    latest = max(held, key=lambda f: (f.held_on, f.id), default=None)
    return _next_meeting(planned_meetings(pairing), latest, today or date.today())


def load_meetings_and_actions(pairings: list[Pairing]) -> None:
    """Load every meeting and action of those pairings that lack them, in two queries,
    for the code that reads them all (the reminders): otherwise each meeting's actions
    are one query, hundreds on a long parrainage's page."""
    missing = [p.id for p in pairings if "followups" in inspect(p).unloaded]
    if missing:
        db.session.execute(
            select(Pairing)
            .where(Pairing.id.in_(missing))
            .options(selectinload(Pairing.followups).selectinload(FollowUp.actions))
            .execution_options(populate_existing=True)
        ).scalars().all()


def active_pairings() -> list[Pairing]:
    """Active pairings with their meetings and actions loaded in a few queries."""
    return list(
        db.session.execute(
            select(Pairing)
            .where(Pairing.status == "active")
            .options(
                selectinload(Pairing.followups).selectinload(FollowUp.actions),
                selectinload(Pairing.mentee),
                selectinload(Pairing.mentor),
            )
            .order_by(Pairing.id)
        ).scalars()
    )


@dataclass(frozen=True)
class DashboardRow:
    pairing: Pairing
    health: Health
    next_meeting: date | None


def dashboard_rows(today: date) -> list[DashboardRow]:
    """Active pairings to follow up first: late, then to nudge, then up to date."""
    rows = [
        DashboardRow(p, health_of(p, today), next_meeting_of(p, today)) for p in active_pairings()
    ]
    return sorted(rows, key=lambda row: (*row.health.sort_key, row.pairing.id))


def open_needs_of_mentee(pairing: Pairing) -> list[Need]:
    """The needs a follow-up or an evaluation may mark met: the mentee's open ones."""
    return list(
        db.session.execute(
            select(Need)
            .where(Need.organisation_id == pairing.mentee_id, Need.status == "open")
            .order_by(Need.id)
        ).scalars()
    )


def evaluation_of(pairing: Pairing, organisation_id: int) -> PairingEvaluation | None:
    return db.session.execute(
        select(PairingEvaluation).filter_by(pairing_id=pairing.id, organisation_id=organisation_id)
    ).scalar_one_or_none()


@dataclass
class Booklet:
    """What the pairing page shows of the follow-up, for the current user."""

    health: Health | None
    can_log: bool
    today: date
    meetings: Pagination | None = None  # this page of the meetings, latest first
    next_meeting: date | None = None
    planned: list[FollowUp] = field(default_factory=list)  # « Prochaines rencontres »
    evaluations: list[PairingEvaluation] = field(default_factory=list)
    can_evaluate: bool = False
    awaiting: list[str] = field(default_factory=list)  # sides whose evaluation is missing


class _PairingPageReads:
    """What the page of one pairing needs of its meetings, read with three small queries:
    a long parrainage keeps hundreds of meetings, and loading them all (with their
    actions) to take one maximum and a few dates was most of the page's time."""

    def __init__(self, pairing: Pairing):
        self.planned = list(
            db.session.execute(
                select(FollowUp)
                .where(FollowUp.pairing_id == pairing.id, FollowUp.status == "planned")
                .order_by(FollowUp.held_on, FollowUp.start_time, FollowUp.id)
            ).scalars()
        )
        self.latest_held = db.session.execute(
            select(FollowUp)
            .where(FollowUp.pairing_id == pairing.id, FollowUp.status == "held")
            .order_by(FollowUp.held_on.desc(), FollowUp.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        due = db.session.execute(
            select(FollowUpAction.due_on)
            .join(FollowUp, FollowUp.id == FollowUpAction.followup_id)
            .where(
                FollowUp.pairing_id == pairing.id,
                FollowUpAction.done_at.is_(None),
                FollowUpAction.due_on.is_not(None),
            )
        ).scalars()
        last = self.latest_held.held_on if self.latest_held else None
        self.activity = _activity(pairing, last, tuple(due))


def meetings_page(pairing: Pairing, page: int) -> Pagination:
    """One page of the booklet (held and cancelled meetings), latest first, with what each
    entry shows; planned ones are listed above it."""
    query = (
        select(FollowUp)
        .where(FollowUp.pairing_id == pairing.id, FollowUp.status != "planned")
        .options(
            selectinload(FollowUp.actions),
            selectinload(FollowUp.needs_met),
            selectinload(FollowUp.created_by),
            selectinload(FollowUp.corrected_by),
        )
        .order_by(FollowUp.held_on.desc(), FollowUp.id.desc())
    )
    return db.paginate(query, page=page, per_page=BOOKLET_PAGE_SIZE, error_out=False)


def booklet(pairing: Pairing, user, page: int = 1) -> Booklet:
    today = date.today()
    reads = _PairingPageReads(pairing)
    result = Booklet(
        health=assess(reads.activity, today) if pairing.status == "active" else None,
        can_log=pairing.can_log(user),
        today=today,
        meetings=meetings_page(pairing, page),
        next_meeting=_next_meeting(reads.planned, reads.latest_held, today),
        planned=reads.planned,
    )
    if pairing.status != "completed":
        return result
    side = pairing.side_of(user)
    by_org = {e.organisation_id: e for e in pairing.evaluations}
    if user.is_coordinator:
        result.evaluations = [
            by_org[o.id] for o in (pairing.mentee, pairing.mentor) if o.id in by_org
        ]
        result.awaiting = [o.name for o in (pairing.mentee, pairing.mentor) if o.id not in by_org]
    elif side is not None:
        own = by_org.get(pairing.mentee_id if side == "mentee" else pairing.mentor_id)
        result.evaluations = [own] if own else []
        result.can_evaluate = own is None
    return result
