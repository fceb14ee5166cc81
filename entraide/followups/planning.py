"""A pairing's meetings planned ahead: plan, change, record as held, cancel.

Either SCIC of an active pairing, or the coordination (``Pairing.can_log``), plans a
meeting: a day not in the past, a start time (Europe/Paris), a place, who is expected.
Both SCICs' members get the invitation with its .ics (``calendars.invitations``); a change
of day, time, place or format sends it again with a greater SEQUENCE, a cancellation
sends METHOD:CANCEL. Recording the meeting turns the same row into a held one (its
record, actions and needs met), under the rules of any record (a day not in the future).
A cancelled meeting stays in the booklet, « annulée », and counts for nothing.

Each change holds the pairing (shared lock, as ``services``) then the meeting, read again:
two people recording or cancelling the same meeting at once, the second is told it is no
longer planned (409). A change or a record is made from a form filled from the meeting:
the version it was filled from must still be the saved one (``models.corrections``), or
it is refused (409) rather than overwrite a change saved meanwhile.

Recording starts the 30 days in which the record may be corrected, and makes its author
the one who recorded it (``recorded_at``, ``recorded_by_id``).

The states and checks both kinds of meetings share are ``meetings.lifecycle``'s; here is
what is a pairing's: who is invited, its fields, its journal entries.
"""

import logging
from collections.abc import Sequence
from datetime import date, time
from decimal import Decimal

from sqlalchemy import select

from ..calendars.events import followup_event
from ..calendars.invitations import queue_with_calendar
from ..core.errors import UserError
from ..core.extensions import db
from ..core.links import absolute_url
from ..meetings import lifecycle
from ..meetings.lifecycle import NOT_PLANNED, STALE  # noqa: F401 (the pages and tests say them)
from ..models import FollowUp, Need, Pairing
from ..models.audit import record
from ..models.followup import MEETING_FORMATS
from .services import NewAction, add_outcome, check_record, followup_state, require_active

log = logging.getLogger(__name__)

INCOMPLETE = "Le formulaire est incomplet : rouvrez-le depuis la page du parrainage."


def _check_plan(held_on: date, start_time: time, format: str, today: date) -> None:
    lifecycle.check_schedule(held_on, start_time, today)
    if format not in MEETING_FORMATS:
        raise UserError("Format de rencontre inconnu.", 422)


def recipients(pairing: Pairing) -> list[str]:
    """Who is invited and told: everyone of both SCICs."""
    return pairing.mentee.mail_recipients() + pairing.mentor.mail_recipients()


def _mail(followup: FollowUp, template: str, method: str, **context) -> int:
    pairing = followup.pairing
    return queue_with_calendar(
        recipients(pairing),
        template,
        lambda attendees: followup_event(followup, attendees),
        method,
        title=f"Rencontre de parrainage {pairing.mentee.name} – {pairing.mentor.name}",
        meeting=followup,
        where=followup.place or followup.format_label,
        expected=followup.expected,
        link=absolute_url("pairings.show", pairing_id=pairing.id, _anchor="prochaines-titre"),
        **context,
    )


def _planned(followup: FollowUp, version: int | None = None) -> FollowUp:
    """The pairing held first (still active), then ``lifecycle.hold_planned``."""
    require_active(followup.pairing)
    return lifecycle.hold_planned(followup, version)


def plan_followup(
    pairing: Pairing,
    actor,
    *,
    held_on: date,
    start_time: time,
    format: str,
    place: str = "",
    expected: str = "",
    duration_minutes: int | None = None,
    today: date | None = None,
) -> FollowUp:
    """Plan a meeting of an active pairing and invite both SCICs."""
    require_active(pairing)
    _check_plan(held_on, start_time, format, today or date.today())
    followup = FollowUp(
        pairing=pairing,
        status="planned",
        held_on=held_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        format=format,
        place=place,
        expected=expected,
        summary="",
        volunteer_hours=Decimal(0),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(followup)
    db.session.flush()  # its id names the calendar event
    mails = _mail(followup, "email/meeting_planned.txt", "REQUEST", changed=False)
    record(actor, followup, "followup.plan", after={**_plan_state(followup), "mails": mails})
    log.info("pairing %s: meeting planned on %s", pairing.id, held_on)
    return followup


def _plan_state(followup: FollowUp) -> dict:
    state = followup_state(followup)
    return {
        key: state[key]
        for key in (
            "pairing_id",
            "status",
            "held_on",
            "start_time",
            "duration_minutes",
            "format",
            "place",
            "expected",
        )
    }


def reschedule_followup(
    followup: FollowUp,
    actor,
    *,
    held_on: date,
    start_time: time,
    format: str,
    place: str = "",
    expected: str = "",
    duration_minutes: int | None = None,
    today: date | None = None,
    version: int | None = None,
) -> bool:
    """Change a planned meeting; the people expected get it again (False: nothing changed)."""
    _planned(followup, version)
    _check_plan(held_on, start_time, format, today or date.today())
    before = _plan_state(followup)
    followup.held_on, followup.start_time, followup.format = held_on, start_time, format
    followup.place, followup.expected = place, expected
    followup.duration_minutes = duration_minutes
    after = _plan_state(followup)
    if not lifecycle.bump_if_changed(followup, before, after):
        return False
    mails = _mail(followup, "email/meeting_planned.txt", "REQUEST", changed=True)
    record(actor, followup, "followup.reschedule", before=before, after={**after, "mails": mails})
    return True


def record_planned_followup(
    followup: FollowUp,
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
    place: str | None = None,
    version: int | None = None,
) -> FollowUp:
    """The planned meeting took place: its record, actions and needs met (« Noter le
    compte rendu »). The row stays the same: its planning is kept with its record, and
    the record's time and author with it (the corrections' window starts there)."""
    _planned(followup, version)
    before = followup_state(followup)
    followup.volunteer_hours = check_record(
        followup.pairing,
        held_on=held_on,
        format=format,
        volunteer_hours=volunteer_hours,
        next_meeting_on=next_meeting_on,
        duration_minutes=duration_minutes,
        today=today,
    )
    lifecycle.mark_held(followup, actor, start_time, place)
    followup.held_on, followup.format, followup.summary = held_on, format, summary
    followup.participants, followup.duration_minutes = participants, duration_minutes
    followup.next_meeting_on = next_meeting_on
    add_outcome(followup, actor, actions, needs_met)
    record(actor, followup, "followup.record", before=before, after=followup_state(followup))
    log.info("pairing %s: planned meeting %s recorded", followup.pairing_id, followup.id)
    return followup


def cancel_followup(followup: FollowUp, actor, reason: str = "") -> int:
    """Cancel a planned meeting: kept « annulée », the people expected are told (with the
    .ics that removes it from their calendar). Return the number of mails queued."""
    _planned(followup)
    lifecycle.mark_cancelled(followup, reason)
    mails = _mail(followup, "email/meeting_cancelled.txt", "CANCEL", reason=reason)
    entry = lifecycle.cancel_entry(_plan_state(followup), reason, mails)
    record(actor, followup, "followup.cancel", **entry)
    return mails


def cancel_all_planned(pairing: Pairing, actor, reason: str) -> int:
    """Cancel every planned meeting of a pairing that ends (stopped or completed)."""
    planned = db.session.execute(
        select(FollowUp)
        .where(FollowUp.pairing_id == pairing.id, FollowUp.status == "planned")
        .order_by(FollowUp.id)
    ).scalars()
    return sum(cancel_followup(followup, actor, reason) >= 0 for followup in planned)
