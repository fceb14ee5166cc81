"""State changes of territorial groups and meetings: add/flush/audit, never commit.

An organisation belongs to at most one active group: groups are territorial, so
being in two would split its meetings and blur the host rotation.

Two coordinators at the same moment (see ``core.locks``):
- one active group per organisation, and active group names: partial unique indexes
  (``group_member.active``, ``territorial_group.name_key``); the loser's commit fails and
  the web answers "Action impossible";
- every change of an existing group locks the group's row first and reads it again, so
  the rules on its state (not archived, at least two members, the contact a member, the
  host a member, a member added once) hold against a change committed meanwhile.
"""

import logging
from datetime import date, time
from decimal import Decimal

from sqlalchemy import select, update

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock
from ..meetings.lifecycle import check_duration, check_held_day, checked_hours
from ..models import GroupMeeting, Organisation, TerritorialGroup, User
from ..models._base import utcnow
from ..models.audit import record
from ..models.group import MEETING_KINDS, group_member
from ..text import normalise_key

log = logging.getLogger(__name__)

ARCHIVED = "Ce groupe est archivé : il ne peut plus être modifié."


def can_view(group: TerritorialGroup, user) -> bool:
    """The coordinator, or a member of one of the group's organisations (read-only)."""
    if not user.is_authenticated:
        return False
    if user.is_coordinator:
        return True
    return user.is_member and any(org.id == user.organisation_id for org in group.members)


def active_group_of(org_id: int, exclude_id: int | None = None) -> TerritorialGroup | None:
    """The active group ``org_id`` belongs to, if any (other than ``exclude_id``)."""
    query = (
        select(TerritorialGroup)
        .join(group_member, group_member.c.group_id == TerritorialGroup.id)
        .where(group_member.c.organisation_id == org_id, TerritorialGroup.archived_at.is_(None))
    )
    if exclude_id is not None:
        query = query.where(TerritorialGroup.id != exclude_id)
    return db.session.execute(query.limit(1)).scalar_one_or_none()


def _snapshot(group: TerritorialGroup) -> dict:
    return {
        "name": group.name,
        "member_ids": sorted(o.id for o in group.members),
        "contact_user_id": group.contact_user_id,
    }


def _lock_editable(group: TerritorialGroup) -> None:
    """Lock the group and read it again; refuse if it is archived (or deleted)."""
    if lock(group) is None or group.archived_at is not None:
        raise UserError(ARCHIVED)


def _check_name(name: str, exclude_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise UserError("Donnez un nom au groupe.")
    if len(name) > 120:
        raise UserError("Le nom du groupe fait 120 caractères au plus.")
    clash = db.session.execute(
        select(TerritorialGroup.id).where(
            TerritorialGroup.name_key == normalise_key(name),
            TerritorialGroup.archived_at.is_(None),
            TerritorialGroup.id != (exclude_id or 0),
        )
    ).first()
    if clash:
        raise UserError(f"Un groupe actif s'appelle déjà « {name} ».")
    return name


def _check_joinable(org: Organisation, group_id: int | None = None) -> None:
    if org.is_archived:
        raise UserError(f"{org.name} est archivée : elle ne peut pas rejoindre un groupe.")
    other = active_group_of(org.id, exclude_id=group_id)
    if other is not None:
        raise UserError(f"{org.name} fait déjà partie du groupe « {other.name} ».")


def create_group(actor, name: str, members) -> TerritorialGroup:
    """Validate a suggested (or hand-made) group with its member organisations."""
    members = list({org.id: org for org in members}.values())
    if len(members) < 2:
        raise UserError("Un groupe réunit au moins deux organisations.")
    name = _check_name(name)
    for org in members:
        _check_joinable(org)
    group = TerritorialGroup(name=name, members=sorted(members, key=lambda o: o.name))
    db.session.add(group)
    db.session.flush()
    record(actor, group, "group.create", after=_snapshot(group))
    log.info("group %s created with %s members", group.id, len(members))
    return group


def rename_group(group: TerritorialGroup, actor, name: str) -> None:
    _lock_editable(group)
    name = _check_name(name, exclude_id=group.id)
    if name != group.name:
        before = group.name
        group.name = name
        record(actor, group, "group.rename", before={"name": before}, after={"name": name})


def add_member(group: TerritorialGroup, actor, org: Organisation) -> None:
    _lock_editable(group)
    if org in group.members:
        return  # a double submit changes nothing
    _check_joinable(org, group.id)
    group.members.append(org)
    record(actor, group, "group.member_add", after={"organisation_id": org.id})


def remove_member(group: TerritorialGroup, actor, org: Organisation) -> None:
    """Remove an organisation; its person stops being the group's contact."""
    _lock_editable(group)
    if org not in group.members:
        return
    if len(group.members) <= 2:
        raise UserError("Un groupe réunit au moins deux organisations : archivez-le plutôt.")
    group.members.remove(org)
    after = {"organisation_id": org.id}
    if group.contact is not None and group.contact.organisation_id == org.id:
        after["contact_user_id"] = None
        group.contact_user_id = None
        group.contact = None
    record(actor, group, "group.member_remove", after=after)


def contact_candidates(group: TerritorialGroup) -> list[User]:
    """Active accounts of the group's organisations that chose, on « Mon compte », to be a
    contact for the entraide: the same choice that shows them to their partners."""
    ids = [org.id for org in group.members]
    if not ids:
        return []
    return list(
        db.session.execute(
            select(User)
            .where(
                User.organisation_id.in_(ids),
                User.role == "member",
                User.active.is_(True),
                User.entraide_contact.is_(True),
            )
            .order_by(User.name, User.email)
        ).scalars()
    )


def set_contact(group: TerritorialGroup, actor, user: User | None) -> None:
    """Name the contact person (a member of one of the group's organisations), or none."""
    _lock_editable(group)
    if user is not None and user not in contact_candidates(group):
        raise UserError(
            "La personne de contact doit être membre d'une organisation du groupe et avoir "
            "choisi d'être personne de contact pour l'entraide (sur « Mon compte »)."
        )
    new_id = user.id if user is not None else None
    if new_id != group.contact_user_id:
        before = group.contact_user_id
        group.contact_user_id = new_id
        group.contact = user
        record(
            actor,
            group,
            "group.contact",
            before={"contact_user_id": before},
            after={"contact_user_id": new_id},
        )


def archive_group(group: TerritorialGroup, actor) -> None:
    """Archive: the group stays readable with its meetings, but changes no more; its
    organisations are free to join another group."""
    if lock(group) is not None and group.archived_at is None:
        group.archived_at = utcnow()
        db.session.execute(
            update(group_member).where(group_member.c.group_id == group.id).values(active=False)
        )
        record(actor, group, "group.archive")


def meeting_snapshot(meeting: GroupMeeting) -> dict:
    return {
        "group_id": meeting.group_id,
        "status": meeting.status,
        "held_on": meeting.held_on.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "kind": meeting.kind,
        "title": meeting.title,
        "host_id": meeting.host_id,
        "participant_ids": sorted(o.id for o in meeting.participants),
        "other_participants": meeting.other_participants,
        "topics": meeting.topics,
        "volunteer_hours": str(meeting.volunteer_hours),
    }


MAX_VOLUNTEER_HOURS = Decimal(10000)
HOURS_RANGE = "Les heures de bénévolat vont de 0 à 10 000."
FUTURE_DAY = "Une rencontre se note une fois tenue : la date ne peut pas être future."


def check_meeting(
    group: TerritorialGroup | None,
    *,
    held_on: date,
    kind: str,
    title: str,
    host: Organisation | None,
    participants,
    volunteer_hours,
    duration_minutes: int | None = None,
    allowed=None,
    today: date | None = None,
) -> tuple[str, Decimal, list[Organisation]]:
    """Refuse a meeting record the rules do not allow (recorded, recorded once planned, or
    corrected); return its title on one line, its volunteer hours at the column's scale
    and who was there (the host counts among the participants), sorted by name.

    ``allowed``: the organisations that may host or be present; the group's members by
    default (a correction adds those the record already names). A network meeting (no
    group) may have no host among the organisations.

    The form says all this in French next to the fields; this is the last line of defence.
    """
    if kind not in MEETING_KINDS:
        raise UserError("Type de rencontre inconnu.", 422)
    check_held_day(held_on, today or date.today(), FUTURE_DAY)
    title = " ".join((title or "").split())
    if not title or len(title) > 200:
        raise UserError("Le titre de la rencontre fait de 1 à 200 caractères.", 422)
    ids = {org.id for org in (group.members if allowed is None else allowed)}
    if host is None and group is not None:
        raise UserError("Choisissez l'organisation qui accueille.", 422)
    if host is not None and host.id not in ids:
        raise UserError("L'organisation qui accueille doit faire partie du groupe.", 422)
    if any(org.id not in ids for org in participants):
        raise UserError("Les participantes doivent faire partie du groupe.", 422)
    check_duration(duration_minutes)
    hours = checked_hours(volunteer_hours, MAX_VOLUNTEER_HOURS, HOURS_RANGE)
    people = {org.id: org for org in [*([host] if host else []), *participants]}
    return title, hours, sorted(people.values(), key=lambda o: o.name)


def record_meeting(
    group: TerritorialGroup,
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
    place: str = "",
    duration_minutes: int | None = None,
) -> GroupMeeting:
    """Log a meeting of a group that took place; the host counts among the participants."""
    _lock_editable(group)
    title, volunteer_hours, people = check_meeting(
        group,
        held_on=held_on,
        kind=kind,
        title=title,
        host=host,
        participants=participants,
        volunteer_hours=volunteer_hours,
        duration_minutes=duration_minutes,
    )
    meeting = GroupMeeting(
        group=group,
        status="held",
        held_on=held_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        place=(place or "").strip(),
        kind=kind,
        title=title,
        host=host,
        participants=people,
        other_participants=(other_participants or "").strip(),
        topics=(topics or "").strip(),
        volunteer_hours=volunteer_hours,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(meeting)
    db.session.flush()
    record(actor, meeting, "meeting.create", after=meeting_snapshot(meeting))
    return meeting
