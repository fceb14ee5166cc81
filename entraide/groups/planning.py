"""A group's meetings planned ahead: who may plan them, plan, change, record, cancel.

Who: the coordination; the group's contact person (« qui relaie les rencontres ») and the
other members of the contact's organisation (the relay organisation); and, for a meeting
already planned, the members of the organisation hosting it, who record it once held.

A planned meeting has a day not in the past, a start time (Europe/Paris), a host among
the group, a place (the host's town when left empty) and the organisations expected
(the host among them): their members get the invitation with its .ics. A change sends
it again (SEQUENCE + 1), a cancellation sends METHOD:CANCEL. Recording turns the same
row into a held meeting, under the rules of any record (a day not in the future).

Every change locks the group, then the meeting, read again (``services``' rule). A change
or a record is made from a form filled from the meeting: the version it was filled from
must still be the saved one (``models.corrections``), or it is refused (409) rather than
overwrite a change saved meanwhile. Recording starts the 30 days in which the record may
be corrected, and makes its author the one who recorded it.

The states and checks both kinds of meetings share are ``meetings.lifecycle``'s; here is
what is a group's: who may, who is expected, its fields, its journal entries.
"""

from datetime import date, time
from decimal import Decimal

from ..calendars.events import group_meeting_event
from ..calendars.invitations import queue_with_calendar
from ..core.errors import UserError
from ..core.extensions import db
from ..core.links import absolute_url
from ..core.locks import lock
from ..meetings import lifecycle
from ..meetings.lifecycle import NOT_PLANNED, STALE  # noqa: F401 (the pages and tests say them)
from ..models import GroupMeeting, Organisation, TerritorialGroup
from ..models.audit import record
from ..models.group import MEETING_KINDS
from .services import ARCHIVED, archive_group, check_meeting, meeting_snapshot

INCOMPLETE = "Le formulaire est incomplet : rouvrez-le depuis la page du groupe."


def relay_organisation_id(group: TerritorialGroup) -> int | None:
    """The organisation of the group's contact person, which relays its meetings."""
    contact = group.contact
    if contact is None or not contact.active:
        return None
    return contact.organisation_id


def can_manage_meetings(group: TerritorialGroup, user) -> bool:
    """Plan and record the group's meetings: the coordination, or the relay organisation."""
    if not user.is_authenticated or group.archived_at is not None:
        return False
    if user.is_coordinator:
        return True
    relay = relay_organisation_id(group)
    return bool(user.is_member and relay is not None and user.organisation_id == relay)


def can_manage_meeting(meeting: GroupMeeting, user) -> bool:
    """Record, change or cancel this planned meeting: the above, or its host's members."""
    if can_manage_meetings(meeting.group, user):
        return True
    return bool(
        user.is_authenticated
        and user.is_member
        and meeting.group.archived_at is None
        and meeting.host_id is not None
        and user.organisation_id == meeting.host_id
    )


def _check_plan(group, held_on, start_time, kind, host, expected, today) -> list[Organisation]:
    members = {org.id for org in group.members}
    lifecycle.check_schedule(held_on, start_time, today)
    if kind not in MEETING_KINDS:
        raise UserError("Type de rencontre inconnu.", 422)
    if host is None or host.id not in members:
        raise UserError("L'organisation qui accueille doit faire partie du groupe.", 422)
    if any(org.id not in members for org in expected):
        raise UserError("Les organisations attendues doivent faire partie du groupe.", 422)
    people = {org.id: org for org in [host, *expected]}
    return sorted(people.values(), key=lambda o: o.name)


def _mail(meeting: GroupMeeting, orgs, template: str, method: str, **context) -> int:
    """To the members of ``orgs``, each with the meeting's .ics (``CANCEL``: the one that
    removes it from their calendar)."""
    host = meeting.host
    # A cancellation's .ics cancels it for those told, even those only dropped from a
    # meeting still planned (None: the event reads the meeting's own status).
    cancelled = True if method == "CANCEL" else None
    return queue_with_calendar(
        [email for org in orgs for email in org.mail_recipients()],
        template,
        lambda attendees: group_meeting_event(meeting, attendees, cancelled=cancelled),
        method,
        title=f"{meeting.title} (groupe {meeting.group.name})",
        meeting=meeting,
        where=meeting.place or (f"{host.name}, {host.town}" if host.town else host.name),
        link=absolute_url("groups.show", group_id=meeting.group_id, _anchor="prochaines-titre"),
        **context,
    )


def _invite(meeting: GroupMeeting, changed: bool) -> int:
    expected = ", ".join(org.name for org in meeting.expected)
    return _mail(
        meeting,
        meeting.expected,
        "email/meeting_planned.txt",
        "REQUEST",
        expected=expected,
        changed=changed,
    )


def _cancel_mail_to(meeting: GroupMeeting, orgs, reason: str) -> int:
    return _mail(meeting, orgs, "email/meeting_cancelled.txt", "CANCEL", reason=reason)


def plan_state(meeting: GroupMeeting) -> dict:
    return {
        **meeting_snapshot(meeting),
        "expected_ids": sorted(o.id for o in meeting.expected),
    }


def _editable(group: TerritorialGroup) -> None:
    if lock(group) is None or group.archived_at is not None:
        raise UserError(ARCHIVED)


def _planned(meeting: GroupMeeting, version: int | None = None) -> GroupMeeting:
    """The group locked first (not archived), then ``lifecycle.hold_planned``."""
    _editable(meeting.group)
    return lifecycle.hold_planned(meeting, version)


def plan_meeting(
    group: TerritorialGroup,
    actor,
    *,
    held_on: date,
    start_time: time,
    kind: str,
    title: str,
    host: Organisation,
    expected=(),
    place: str = "",
    other_participants: str = "",
    duration_minutes: int | None = None,
    today: date | None = None,
) -> GroupMeeting:
    """Plan a meeting of the group and invite the organisations expected."""
    _editable(group)
    expected = _check_plan(group, held_on, start_time, kind, host, expected, today or date.today())
    meeting = GroupMeeting(
        group=group,
        status="planned",
        held_on=held_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        kind=kind,
        title=" ".join(title.split()),
        host=host,
        place=(place or "").strip(),
        expected=expected,
        other_participants=(other_participants or "").strip(),
        volunteer_hours=Decimal(0),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(meeting)
    db.session.flush()  # its id names the calendar event
    mails = _invite(meeting, changed=False)
    record(actor, meeting, "meeting.plan", after={**plan_state(meeting), "mails": mails})
    return meeting


def reschedule_meeting(
    meeting: GroupMeeting,
    actor,
    *,
    held_on: date,
    start_time: time,
    kind: str,
    title: str,
    host: Organisation,
    expected=(),
    place: str = "",
    other_participants: str = "",
    duration_minutes: int | None = None,
    today: date | None = None,
    version: int | None = None,
) -> bool:
    """Change a planned meeting; the organisations expected (before or now) get it again."""
    _planned(meeting, version)
    group = meeting.group
    expected = _check_plan(group, held_on, start_time, kind, host, expected, today or date.today())
    before = plan_state(meeting)
    was_expected = list(meeting.expected)
    meeting.held_on, meeting.start_time, meeting.kind = held_on, start_time, kind
    meeting.title, meeting.host, meeting.place = " ".join(title.split()), host, place.strip()
    meeting.expected = expected
    meeting.other_participants = (other_participants or "").strip()
    meeting.duration_minutes = duration_minutes
    db.session.flush()
    after = plan_state(meeting)
    if not lifecycle.bump_if_changed(meeting, before, after):
        return False
    mails = _invite(meeting, changed=True)
    dropped = [org for org in was_expected if org not in expected]
    if dropped:
        # No longer expected: the cancellation takes the meeting out of their calendars.
        mails += _cancel_mail_to(meeting, dropped, "")
    record(actor, meeting, "meeting.reschedule", before=before, after={**after, "mails": mails})
    return True


def record_planned_meeting(
    meeting: GroupMeeting,
    actor,
    *,
    held_on: date,
    kind: str,
    title: str,
    host: Organisation,
    participants=(),
    other_participants: str = "",
    topics: str = "",
    volunteer_hours: Decimal = Decimal(0),
    start_time: time | None = None,
    place: str | None = None,
    duration_minutes: int | None = None,
    version: int | None = None,
) -> GroupMeeting:
    """The planned meeting took place: its record (« Noter le compte rendu »), with its
    time and author (the corrections' window starts there)."""
    _planned(meeting, version)
    before = plan_state(meeting)
    title, hours, people = check_meeting(
        meeting.group,
        held_on=held_on,
        kind=kind,
        title=title,
        host=host,
        participants=participants,
        volunteer_hours=volunteer_hours,
        duration_minutes=duration_minutes,
    )
    lifecycle.mark_held(meeting, actor, start_time, None if place is None else place.strip())
    meeting.held_on, meeting.kind, meeting.host, meeting.title = held_on, kind, host, title
    meeting.participants = people
    meeting.other_participants = (other_participants or "").strip()
    meeting.topics = (topics or "").strip()
    meeting.volunteer_hours = hours
    meeting.duration_minutes = duration_minutes
    db.session.flush()
    record(actor, meeting, "meeting.record", before=before, after=plan_state(meeting))
    return meeting


def cancel_meeting(meeting: GroupMeeting, actor, reason: str = "") -> int:
    """Cancel a planned meeting: kept « annulée », the organisations expected are told."""
    _planned(meeting)
    lifecycle.mark_cancelled(meeting, reason)
    mails = _cancel_mail_to(meeting, meeting.expected, reason)
    entry = lifecycle.cancel_entry(plan_state(meeting), reason, mails)
    record(actor, meeting, "meeting.cancel", **entry)
    return mails


def archive(group: TerritorialGroup, actor) -> None:
    """Archive the group (``services.archive_group``), its planned meetings cancelled first:
    they will not take place, and the people expected are told."""
    planned = [m for m in group.meetings if m.status == "planned"]
    if group.archived_at is None:
        for meeting in sorted(planned, key=lambda m: m.id):
            cancel_meeting(meeting, actor, "Le groupe est archivé.")
    archive_group(group, actor)
