"""Corrections of a held meeting record, whichever its kind: who may, until when, from
which version, and what changed.

Only a held meeting is corrected, by its record's author or the coordination, within
``CORRECTION_DAYS`` of the record (``models.corrections``). Each kind's ``corrections``
locks its rows in the order of ``core.locks`` and writes its own journal entry; the
steps between are these. Two corrections at once: the row, locked and read again, must
still be the version the form was filled from, otherwise the second is refused in French
and writes nothing; the row's version column (``version_id_col``) is the last guard.
"""

from datetime import datetime

from ..core.errors import UserError
from ..models._base import utcnow
from ..models.corrections import correction_deadline

NOT_YOURS = "Seule la personne qui a noté cette rencontre, ou la coordination, peut la corriger."
STALE = (
    "Cette rencontre a été corrigée par quelqu'un d'autre pendant que vous la corrigiez : "
    "rien n'a été enregistré. Rouvrez la correction pour partir de la version enregistrée."
)
GONE = "Cette rencontre n'existe plus."
PLACE_TOO_LONG = "Le lieu fait 200 caractères au plus."


def deadline_of(meeting) -> datetime:
    """Until when (naive UTC) the meeting may be corrected."""
    return correction_deadline(meeting.record_written_at)


def refusal(meeting, user, now: datetime | None = None) -> UserError | None:
    """Why ``user`` may not correct ``meeting`` now whatever its kind (409: planned,
    cancelled or too late; 403: not theirs)."""
    if (reason := meeting.record_refusal(now)) is not None:
        return UserError(reason, 409)
    if not meeting.may_correct(user):
        return UserError(NOT_YOURS, 403)
    return None


def check_correctable(values: dict, correctable: tuple) -> None:
    """A caller naming a field the correction does not cover is a bug, not a user's slip."""
    unknown = set(values) - set(correctable)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")


def check_version(locked, version: int) -> None:
    """``locked``: the meeting's row read again under lock (None: deleted meanwhile)."""
    if locked is None:
        raise UserError(GONE, 404)
    if locked.version != version:
        raise UserError(STALE)


def checked_place(place: str | None) -> str:
    place = (place or "").strip()
    if len(place) > 200:
        raise UserError(PLACE_TOO_LONG, 422)
    return place


def changed_keys(before: dict, after: dict, keys) -> list[str]:
    """The snapshot keys a correction changed, in the order the journal lists them."""
    return [key for key in keys if before[key] != after[key]]


def mark_corrected(meeting, actor, now: datetime | None = None) -> None:
    """The last correction (the journal keeps every one, with what it changed)."""
    meeting.corrected_at = now or utcnow()
    meeting.corrected_by_id = getattr(actor, "id", None)


def journal_entry(before: dict, after: dict, changed: list[str], names: dict) -> dict:
    """The journal's ``before``/``after`` of a correction: the changed keys only, old → new,
    and ``names``, what names the meeting in the journal whatever changed."""
    return {
        "before": {key: before[key] for key in changed},
        "after": {key: after[key] for key in changed} | names,
    }
