"""Correcting a recorded meeting of a pairing: by its record's author or the coordination,
within ``CORRECTION_DAYS`` of the record (``models.corrections``: only a held meeting, and
for one planned first, from its « Noter le compte rendu »); the journal keeps what each
correction changed.

Flush and audit, never commit (the view commits once). Two corrections at once: the
meeting's row is locked and read again, and the version the form was filled from must be
the one saved, otherwise the second is refused in French and writes nothing; the row's
version column (``version_id_col``) is the last guard.
"""

import logging
from datetime import date, datetime, time

from ..core.errors import UserError
from ..core.locks import lock
from ..models import FollowUp
from ..models._base import utcnow
from ..models.audit import record
from ..models.corrections import correction_deadline
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

NOT_YOURS = "Seule la personne qui a noté cette rencontre, ou la coordination, peut la corriger."
INCOMPLETE = "Le formulaire de correction est incomplet : rouvrez-le depuis le carnet de suivi."
STALE = (
    "Cette rencontre a été corrigée par quelqu'un d'autre pendant que vous la corrigiez : "
    "rien n'a été enregistré. Rouvrez la correction pour partir de la version enregistrée."
)


def deadline_of(followup: FollowUp) -> datetime:
    """Until when (naive UTC) the meeting may be corrected."""
    return correction_deadline(followup.record_written_at)


def refusal(followup: FollowUp, user, now: datetime | None = None) -> UserError | None:
    """Why ``user`` may not correct ``followup`` now (409: planned, cancelled or too late;
    403: not theirs)."""
    if (reason := followup.record_refusal(now)) is not None:
        return UserError(reason, 409)
    if not followup.may_correct(user):
        return UserError(NOT_YOURS, 403)
    return None


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
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    if (problem := refusal(followup, actor, now)) is not None:
        raise problem
    if lock(followup) is None:
        raise UserError("Cette rencontre n'existe plus.", 404)
    if followup.version != version:
        raise UserError(STALE)
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
    merged["place"] = (merged["place"] or "").strip()
    if len(merged["place"]) > 200:
        raise UserError("Le lieu fait 200 caractères au plus.", 422)
    before = {name: _value(followup, name) for name in CORRECTABLE}
    for name in CORRECTABLE:
        setattr(followup, name, merged[name])
    after = {name: _value(followup, name) for name in CORRECTABLE}
    changed = [name for name in CORRECTABLE if before[name] != after[name]]
    if not changed:
        return []
    followup.corrected_at = now or utcnow()
    followup.corrected_by_id = getattr(actor, "id", None)
    record(
        actor,
        followup,
        "followup.correct",
        before={name: before[name] for name in changed},
        # With what names the meeting in the journal, whatever changed.
        after={name: after[name] for name in changed}
        | {"pairing_id": followup.pairing_id, "meeting_on": after["held_on"]},
    )
    log.info("followup %s corrected: %s", followup.id, ", ".join(changed))
    return changed
