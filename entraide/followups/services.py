"""State changes of the follow-up booklet: log a meeting, mark an action done, evaluate.

Services flush and write the audit entry; the view (or the command) commits once.

At the same moment as another change (see ``core.locks``): logging a meeting or marking an
action done holds a shared lock on the pairing, so a stop or a completion waits and the
booklet only changes while the pairing is active; the needs a meeting or an evaluation
marks met are locked (by id) and read again, so that two of them cannot both close one
need; one evaluation per side is a unique constraint, and the organisation whose head
counts an evaluation updates is locked first, so the second person of the SCIC reads the
first one's evaluation and is told so.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock, lock_all, lock_shared
from ..declarations.services import close_need
from ..meetings.lifecycle import check_duration, check_held_day, checked_hours
from ..models import FollowUp, FollowUpAction, Need, Pairing, PairingEvaluation
from ..models._base import utcnow
from ..models.audit import record
from ..models.followup import MEETING_FORMATS
from ..organisations.services import update_organisation

log = logging.getLogger(__name__)

MAX_VOLUNTEER_HOURS = Decimal(1000)
HOURS_RANGE = "Les heures de bénévolat vont de 0 à 1 000."
FUTURE_DAY = "La date de la rencontre ne peut pas être dans le futur."


@dataclass(frozen=True)
class NewAction:
    description: str
    owner: str = ""
    due_on: date | None = None
    done: bool = False


def not_active_message(pairing: Pairing) -> str:
    return (
        f"Ce parrainage est « {pairing.status_label} » : le carnet de suivi n'accepte "
        "de changement que pendant le parrainage."
    )


def require_active(pairing: Pairing) -> None:
    """Hold the pairing (shared lock, read again) and refuse unless it is active."""
    if lock_shared(pairing) is None or pairing.status != "active":
        raise UserError(not_active_message(pairing))


def _check_needs(pairing: Pairing, needs) -> None:
    """Lock the needs (by id), read them again, and refuse any not open or not the mentee's."""
    if len(lock_all(needs)) != len(needs) or any(
        n.organisation_id != pairing.mentee_id or not n.is_open for n in needs
    ):
        raise UserError("Seuls les besoins ouverts de la filleule peuvent être marqués satisfaits.")


def followup_state(followup: FollowUp) -> dict:
    """The meeting as the audit trail keeps it."""
    return {
        "pairing_id": followup.pairing_id,
        "status": followup.status,
        "held_on": followup.held_on.isoformat(),
        "start_time": followup.start_time.strftime("%H:%M") if followup.start_time else None,
        "place": followup.place,
        "expected": followup.expected,
        "format": followup.format,
        "participants": followup.participants,
        "duration_minutes": followup.duration_minutes,
        "volunteer_hours": str(followup.volunteer_hours),
        "summary": followup.summary,
        "next_meeting_on": followup.next_meeting_on.isoformat()
        if followup.next_meeting_on
        else None,
        "actions": [
            {
                "id": a.id,
                "description": a.description,
                "owner": a.owner,
                "due_on": a.due_on.isoformat() if a.due_on else None,
                "done": a.done_at is not None,
            }
            for a in followup.actions
        ],
        "needs_met": [n.id for n in followup.needs_met],
    }


def check_record(
    pairing: Pairing,
    *,
    held_on: date,
    format: str,
    volunteer_hours: Decimal,
    next_meeting_on: date | None = None,
    duration_minutes: int | None = None,
    today: date | None = None,
) -> Decimal:
    """Refuse a meeting record the rules do not allow; return its hours at the column's
    scale. The form says all this in French next to the fields; this is the last line of
    defence (a planned meeting recorded as held, and a correction, go through it too)."""
    check_held_day(held_on, today or date.today(), FUTURE_DAY)
    if pairing.start_date and held_on < pairing.start_date:
        raise UserError("La rencontre ne peut pas précéder le début du parrainage.", 422)
    if next_meeting_on and next_meeting_on < held_on:
        raise UserError("La prochaine rencontre ne peut pas précéder celle-ci.", 422)
    if format not in MEETING_FORMATS:
        raise UserError("Format de rencontre inconnu.", 422)
    check_duration(duration_minutes)
    return checked_hours(volunteer_hours, MAX_VOLUNTEER_HOURS, HOURS_RANGE)


def add_outcome(
    followup: FollowUp, actor, actions: Sequence[NewAction], needs_met: Sequence[Need]
) -> None:
    """The actions decided at the meeting, and the needs it met (closed as met)."""
    _check_needs(followup.pairing, needs_met)
    for action in actions:
        followup.actions.append(
            FollowUpAction(
                description=action.description,
                owner=action.owner,
                due_on=action.due_on,
                done_at=utcnow() if action.done else None,
            )
        )
    for need in needs_met:
        close_need(need, actor, "met")
        followup.needs_met.append(need)


def log_followup(
    pairing: Pairing,
    actor,
    *,
    held_on: date,
    format: str,
    volunteer_hours: Decimal,
    summary: str,
    participants: str = "",
    duration_minutes: int | None = None,
    next_meeting_on: date | None = None,
    actions: Sequence[NewAction] = (),
    needs_met: Sequence[Need] = (),
    today: date | None = None,
    start_time: time | None = None,
    place: str = "",
) -> FollowUp:
    """Record a meeting of an active pairing (held), its actions, and the needs it met."""
    require_active(pairing)
    volunteer_hours = check_record(
        pairing,
        held_on=held_on,
        format=format,
        volunteer_hours=volunteer_hours,
        next_meeting_on=next_meeting_on,
        duration_minutes=duration_minutes,
        today=today,
    )
    followup = FollowUp(
        pairing=pairing,
        status="held",
        held_on=held_on,
        start_time=start_time,
        place=place,
        format=format,
        participants=participants,
        duration_minutes=duration_minutes,
        volunteer_hours=volunteer_hours,
        summary=summary,
        next_meeting_on=next_meeting_on,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(followup)
    add_outcome(followup, actor, actions, needs_met)
    record(actor, followup, "followup.create", after=followup_state(followup))
    log.info("pairing %s: meeting of %s logged", pairing.id, held_on)
    return followup


def mark_action_done(action: FollowUpAction, actor) -> bool:
    """Mark an action done; False when it already was (a double click changes nothing)."""
    require_active(action.followup.pairing)
    if lock(action) is None:
        raise UserError("Cette action n'existe plus.")
    if action.done_at is not None:
        return False
    action.done_at = utcnow()
    record(
        actor,
        action,
        "followup_action.done",
        before={"done": False},
        after={"done": True, "pairing_id": action.followup.pairing_id},
    )
    return True


def already_evaluated_message() -> str:
    return "Votre organisation a déjà donné son bilan de ce parrainage."


def evaluate(
    pairing: Pairing,
    actor,
    organisation,
    *,
    satisfaction: int,
    what_helped: str = "",
    needs_met: Sequence[Need] = (),
    employees_now: int | None = None,
    members_now: int | None = None,
) -> PairingEvaluation:
    """One side's close-out evaluation of a completed pairing (once per side).

    The needs ticked are closed as met; the head counts also update the organisation.
    """
    if organisation.id not in (pairing.mentee_id, pairing.mentor_id):
        raise ValueError("the organisation is not a side of this pairing")
    if pairing.status != "completed":
        raise UserError("Le bilan se donne quand le parrainage est terminé.")
    # Its head counts are updated below: locked first (the order of core.locks), so that
    # a second person of the same SCIC waits, then finds this evaluation.
    lock(organisation)
    existing = db.session.execute(
        db.select(PairingEvaluation.id).filter_by(
            pairing_id=pairing.id, organisation_id=organisation.id
        )
    ).first()
    if existing is not None:
        raise UserError(already_evaluated_message())
    if not 1 <= satisfaction <= 5:
        raise UserError("La satisfaction va de 1 à 5.")
    _check_needs(pairing, needs_met)
    evaluation = PairingEvaluation(
        pairing=pairing,
        organisation_id=organisation.id,
        satisfaction=satisfaction,
        what_helped=what_helped,
        employees_now=employees_now,
        members_now=members_now,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(evaluation)
    for need in needs_met:
        close_need(need, actor, "met")
    counts = {
        key: value
        for key, value in (("employees", employees_now), ("members_count", members_now))
        if value is not None
    }
    if counts:
        update_organisation(organisation, actor, **counts)
    record(
        actor,
        evaluation,
        "pairing.evaluate",
        after={
            "pairing_id": pairing.id,
            "organisation_id": organisation.id,
            "satisfaction": satisfaction,
            "what_helped": what_helped,
            "needs_met": [n.id for n in needs_met],
            "employees_now": employees_now,
            "members_now": members_now,
        },
    )
    log.info("pairing %s: evaluation by organisation %s", pairing.id, organisation.id)
    return evaluation
