"""Correcting a recorded meeting of a group: what a group's correction covers and checks
(its organisations, its archiving); the rules both kinds share (who may, until when, from
which version, what changed) are ``meetings.corrections``'.

Flush and audit, never commit (the view commits once). The group's row is locked first
(the order of ``core.locks``; an archived group changes no more), then the meeting's, then
its testimonies' when its organisations change (they are asked for their approval).
"""

import logging
from datetime import date, datetime

from sqlalchemy import select

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock
from ..meetings import corrections as shared
from ..meetings.corrections import NOT_YOURS, STALE, deadline_of  # noqa: F401 (pages, tests)
from ..models import GroupMeeting, Organisation
from ..models.audit import record
from ..testimonies import services as testimonies
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

INCOMPLETE = (
    "Le formulaire de correction est incomplet : rouvrez-le depuis la liste des rencontres."
)


def refusal(meeting: GroupMeeting, user, now: datetime | None = None) -> UserError | None:
    """Why ``user`` may not correct ``meeting`` now (409: planned, cancelled, too late or
    its group archived; 403: not theirs)."""
    if (problem := shared.refusal(meeting, user, now)) is not None:
        return problem
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
    shared.check_correctable(values, CORRECTABLE)
    if meeting.group is not None and lock(meeting.group) is None:
        raise UserError(ARCHIVED)
    if (problem := refusal(meeting, actor, now)) is not None:
        raise problem
    shared.check_version(lock(meeting), version)
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
    place = shared.checked_place(merged["place"])
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
    changed = shared.changed_keys(before, after, SNAPSHOT_KEYS)
    if not changed:
        return []
    shared.mark_corrected(meeting, actor, now)
    if {"host_id", "participant_ids"} & set(changed):
        # Its testimonies concern the organisations now present: they are asked.
        testimonies.source_changed("group_meeting", meeting.id)
    names = {"group_id": meeting.group_id, "meeting_on": after["held_on"], "meeting_title": title}
    entry = shared.journal_entry(before, after, changed, names)
    record(actor, meeting, "meeting.correct", **entry)
    log.info("meeting %s corrected: %s", meeting.id, ", ".join(changed))
    return changed
