"""The life of a meeting that can be planned: planned → held or cancelled.

Each kind's ``planning`` holds its parent (the pairing, the group) first, then calls
:func:`hold_planned`: the meeting's row, locked and read again, must still be planned,
and still the version the form was filled from (``models.corrections``). Two people
recording or cancelling the same meeting at once: the second is told it is no longer
planned (409) rather than overwrite what the first saved.
"""

from datetime import date, time
from decimal import Decimal

from ..core.errors import UserError
from ..core.locks import lock
from ..models._base import utcnow

NOT_PLANNED = "Cette rencontre n'est plus prévue : elle a déjà été notée ou annulée."
STALE = (
    "Cette rencontre a été modifiée par quelqu'un d'autre pendant que vous remplissiez le "
    "formulaire : rien n'a été enregistré. Rouvrez-le pour partir de la version enregistrée."
)
PAST_DAY = "La date d'une rencontre prévue ne peut pas être passée."
NO_TIME = "Indiquez l'heure de la rencontre."


def check_schedule(held_on: date, start_time: time | None, today: date) -> None:
    """A planned meeting is ahead (a held one cannot be in the future: the record's own
    check) and has its start time (its calendar event needs one)."""
    if held_on < today:
        raise UserError(PAST_DAY, 422)
    if start_time is None:
        raise UserError(NO_TIME, 422)


def hold_planned(meeting, version: int | None = None):
    """The meeting locked and read again, once its parent is held by the caller (the
    lock order of ``core.locks``); refused unless still planned and, given the ``version``
    a form was filled from, unless still that version."""
    if lock(meeting) is None or meeting.status != "planned":
        raise UserError(NOT_PLANNED)
    if version is not None and meeting.version != version:
        raise UserError(STALE)
    return meeting


def bump_if_changed(meeting, before: dict, after: dict) -> bool:
    """After a change of a planned meeting: whether calendars must follow it (SEQUENCE + 1,
    the invitation sent again); False when nothing changed, and nothing is sent."""
    if after == before:
        return False
    meeting.sequence += 1
    return True


def mark_held(meeting, actor, start_time: time | None = None, place: str | None = None) -> None:
    """The planned meeting took place: the same row becomes its record, and the record's
    time and author start the corrections' window. Its planned time and place are kept
    unless the record gives others."""
    meeting.status = "held"
    meeting.recorded_at, meeting.recorded_by_id = utcnow(), getattr(actor, "id", None)
    if start_time is not None:
        meeting.start_time = start_time
    if place is not None:
        meeting.place = place


def mark_cancelled(meeting, reason: str) -> None:
    """Kept « annulée » (it counts for nothing); SEQUENCE + 1 so that the cancellation's
    .ics removes it from the calendars that have it."""
    meeting.status = "cancelled"
    meeting.cancelled_at = utcnow()
    meeting.cancel_reason = reason or None
    meeting.sequence += 1


def cancel_entry(state: dict, reason: str, mails: int) -> dict:
    """The journal's ``before``/``after`` of a cancellation."""
    return {"before": {"status": "planned"}, "after": {**state, "reason": reason, "mails": mails}}


def check_held_day(held_on: date | None, today: date, future: str) -> None:
    """A record is of a meeting that took place: it has its day, not in the future
    (``future``: how the kind's forms say it)."""
    if held_on is None:
        raise UserError("Indiquez la date de la rencontre.", 422)
    if held_on > today:
        raise UserError(future, 422)


def check_duration(duration_minutes: int | None) -> None:
    if duration_minutes is not None and not 1 <= duration_minutes <= 1440:
        raise UserError("La durée va de 1 à 1 440 minutes.", 422)


def checked_hours(value, maximum: Decimal, refused: str) -> Decimal:
    """The volunteer hours of a record, at the column's scale; ``refused`` when they are
    not a number from 0 to ``maximum`` (each kind has its own ceiling)."""
    try:
        hours = Decimal(value)
    except (TypeError, ArithmeticError, ValueError):
        raise UserError(refused, 422) from None
    if not (hours.is_finite() and 0 <= hours <= maximum):
        raise UserError(refused, 422)
    return hours.quantize(Decimal("0.01"))
