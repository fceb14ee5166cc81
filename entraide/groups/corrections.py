"""Correcting a recorded meeting of a group: by its record's author or
the coordination, within ``CORRECTION_DAYS`` of the record (``models.corrections``: only a
held meeting, and for one planned first, from its « Noter le compte rendu »); the journal
keeps what each correction changed.

Flush and audit, never commit (the view commits once). The group's row is locked first
(the order of ``core.locks``; an archived group changes no more), then the meeting's, read
again: the version the form was filled from must be the one saved, otherwise a second
correction made at the same time is refused in French and writes nothing; the row's
version column (``version_id_col``) is the last guard.
"""

import logging
from datetime import date, datetime

from sqlalchemy import select

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock
from ..models import GroupMeeting, Organisation
from ..models._base import utcnow
from ..models.audit import record
from ..models.corrections import correction_deadline
from .services import ARCHIVED, check_meeting, meeting_snapshot

log = logging.getLogger(__name__)

# What a correction may change (the service's arguments), and the snapshot keys that say
# it in the journal (those of meeting_snapshot).
CORRECTABLE = (
    "held_on",
    "start_time",
    "duration_minutes",
    "kind",
    "title",
    "host",
    "place",
    "participants",
    "other_participants",
    "topics",
    "volunteer_hours",
)
SNAPSHOT_KEYS = (
    "held_on",
    "start_time",
    "duration_minutes",
    "kind",
    "title",
    "host_id",
    "place",
    "participant_ids",
    "other_participants",
    "topics",
    "volunteer_hours",
)

NOT_YOURS = "Seule la personne qui a noté cette rencontre, ou la coordination, peut la corriger."
INCOMPLETE = (
    "Le formulaire de correction est incomplet : rouvrez-le depuis la liste des rencontres."
)
STALE = (
    "Cette rencontre a été corrigée par quelqu'un d'autre pendant que vous la corrigiez : "
    "rien n'a été enregistré. Rouvrez la correction pour partir de la version enregistrée."
)


def deadline_of(meeting: GroupMeeting) -> datetime:
    """Until when (naive UTC) the meeting may be corrected."""
    return correction_deadline(meeting.record_written_at)


def refusal(meeting: GroupMeeting, user, now: datetime | None = None) -> UserError | None:
    """Why ``user`` may not correct ``meeting`` now (409: planned, cancelled, too late or
    its group archived; 403: not theirs)."""
    if (reason := meeting.record_refusal(now)) is not None:
        return UserError(reason, 409)
    if not meeting.may_correct(user):
        return UserError(NOT_YOURS, 403)
    if meeting.group is not None and meeting.group.archived_at is not None:
        return UserError(ARCHIVED)
    return None


def allowed_organisations(meeting: GroupMeeting) -> list[Organisation]:
    """Who may host or be present: the group's members (every organisation not archived,
    for a meeting without group), and whoever the record already names (an organisation that
    left the group since, or was archived, stays as it was)."""
    if meeting.group is not None:
        candidates = list(meeting.group.members)
    else:
        candidates = list(
            db.session.execute(
                select(Organisation).where(Organisation.archived_at.is_(None))
            ).scalars()
        )
    named = [meeting.host] if meeting.host is not None else []
    everyone = {org.id: org for org in [*candidates, *named, *meeting.participants]}
    return sorted(everyone.values(), key=lambda org: (org.name_key or "", org.id))


def correct_meeting(
    meeting: GroupMeeting,
    actor,
    *,
    version: int,
    today: date | None = None,
    now: datetime | None = None,
    **values,
) -> list[str]:
    """Apply a correction; return the snapshot keys it changed (none: nothing written)."""
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    if meeting.group is not None and lock(meeting.group) is None:
        raise UserError(ARCHIVED)
    if (problem := refusal(meeting, actor, now)) is not None:
        raise problem
    if lock(meeting) is None:
        raise UserError("Cette rencontre n'existe plus.", 404)
    if meeting.version != version:
        raise UserError(STALE)
    merged = {name: values.get(name, getattr(meeting, name)) for name in CORRECTABLE}
    title, hours, people = check_meeting(
        meeting.group,
        held_on=merged["held_on"],
        kind=merged["kind"],
        title=merged["title"],
        host=merged["host"],
        participants=list(merged["participants"] or ()),
        volunteer_hours=merged["volunteer_hours"],
        duration_minutes=merged["duration_minutes"],
        allowed=allowed_organisations(meeting),
        today=today,
    )
    place = (merged["place"] or "").strip()
    if len(place) > 200:
        raise UserError("Le lieu fait 200 caractères au plus.", 422)
    before = meeting_snapshot(meeting)
    host = merged["host"]
    meeting.held_on, meeting.kind, meeting.title = merged["held_on"], merged["kind"], title
    meeting.start_time, meeting.duration_minutes = merged["start_time"], merged["duration_minutes"]
    meeting.host, meeting.host_id = host, host.id if host else None  # the snapshot reads the id
    meeting.place = place
    meeting.participants = people
    meeting.other_participants = (merged["other_participants"] or "").strip()
    meeting.topics = (merged["topics"] or "").strip()
    meeting.volunteer_hours = hours
    after = meeting_snapshot(meeting)
    changed = [key for key in SNAPSHOT_KEYS if before[key] != after[key]]
    if not changed:
        return []
    meeting.corrected_at = now or utcnow()
    meeting.corrected_by_id = getattr(actor, "id", None)
    record(
        actor,
        meeting,
        "meeting.correct",
        before={key: before[key] for key in changed},
        # With what names the meeting in the journal, whatever changed.
        after={key: after[key] for key in changed}
        | {"group_id": meeting.group_id, "meeting_on": after["held_on"], "meeting_title": title},
    )
    log.info("meeting %s corrected: %s", meeting.id, ", ".join(changed))
    return changed
