"""Correcting a recorded meeting of a pairing: what a pairing's correction covers and
checks; the rules both kinds share (who may, until when, from which version, what
changed) are ``meetings.corrections``'.

Flush and audit, never commit (the view commits once). Only the meeting's row is locked:
a finished pairing's booklet is still corrected (the programme's evidence).
"""

import logging
from datetime import date, datetime, time

from ..core.errors import UserError  # noqa: F401 (what the service raises, for its callers)
from ..core.locks import lock
from ..meetings import corrections as shared
from ..meetings.corrections import NOT_YOURS, STALE, deadline_of, refusal  # noqa: F401
from ..models import FollowUp
from ..models.audit import record
from .services import check_record

log = logging.getLogger(__name__)

# The fields a correction may change, in the order the journal lists them. The actions
# (each followed on its own) and the needs met (closed when recorded) are not among them.
CORRECTABLE = (
    "held_on",
    "start_time",
    "format",
    "place",
    "participants",
    "duration_minutes",
    "volunteer_hours",
    "summary",
    "next_meeting_on",
)

INCOMPLETE = "Le formulaire de correction est incomplet : rouvrez-le depuis le carnet de suivi."


def _value(followup: FollowUp, name: str):
    """A field as the audit trail keeps it (JSON: dates in ISO, hours as a string)."""
    value = getattr(followup, name)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if name == "volunteer_hours":
        return str(value)
    return value


def correct_followup(
    followup: FollowUp,
    actor,
    *,
    version: int,
    today: date | None = None,
    now: datetime | None = None,
    **values,
) -> list[str]:
    """Apply a correction; return the fields it changed (none: nothing is written)."""
    shared.check_correctable(values, CORRECTABLE)
    if (problem := refusal(followup, actor, now)) is not None:
        raise problem
    shared.check_version(lock(followup), version)
    merged = {name: values.get(name, getattr(followup, name)) for name in CORRECTABLE}
    merged["volunteer_hours"] = check_record(
        followup.pairing,
        held_on=merged["held_on"],
        format=merged["format"],
        volunteer_hours=merged["volunteer_hours"],
        next_meeting_on=merged["next_meeting_on"],
        duration_minutes=merged["duration_minutes"],
        today=today,
    )
    merged["place"] = shared.checked_place(merged["place"])
    before = {name: _value(followup, name) for name in CORRECTABLE}
    for name in CORRECTABLE:
        setattr(followup, name, merged[name])
    after = {name: _value(followup, name) for name in CORRECTABLE}
    changed = shared.changed_keys(before, after, CORRECTABLE)
    if not changed:
        return []
    shared.mark_corrected(followup, actor, now)
    names = {"pairing_id": followup.pairing_id, "meeting_on": after["held_on"]}
    entry = shared.journal_entry(before, after, changed, names)
    record(actor, followup, "followup.correct", **entry)
    log.info("followup %s corrected: %s", followup.id, ", ".join(changed))
    return changed
