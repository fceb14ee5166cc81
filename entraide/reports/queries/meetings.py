"""The dated list of the group and network meetings of a period (axis 1 of the agreement):
date, kind, group, place, host and how many organisations were there. No title, topics or
outside participants' names: those are the coordination's notes."""

from sqlalchemy import func, select

from ...core.extensions import db
from ...models import GroupMeeting, Organisation, TerritorialGroup
from ...models.group import MEETING_KINDS, meeting_participant
from ..period import Period
from ._sql import held_in

# A year of a large network holds a few hundred: the files carry them all.
MEETING_LIST_HEADERS = ["Date", "Type", "Groupe", "Lieu", "Accueil", "Organisations présentes"]


def group_meeting_list(period: Period) -> list[list]:
    attendance = (
        select(meeting_participant.c.meeting_id, func.count().label("n"))
        .group_by(meeting_participant.c.meeting_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            GroupMeeting.held_on,
            GroupMeeting.kind,
            TerritorialGroup.name,
            GroupMeeting.place,
            Organisation.name,
            func.coalesce(attendance.c.n, 0),
        )
        .outerjoin(TerritorialGroup, TerritorialGroup.id == GroupMeeting.group_id)
        .outerjoin(Organisation, Organisation.id == GroupMeeting.host_id)
        .outerjoin(attendance, attendance.c.meeting_id == GroupMeeting.id)
        .where(held_in(GroupMeeting.held_on, period), GroupMeeting.status == "held")
        .order_by(GroupMeeting.held_on, GroupMeeting.id)
    ).all()
    return [
        [
            held_on.strftime("%d/%m/%Y"),
            MEETING_KINDS.get(kind, kind),
            group or "Réseau",
            place or "",
            host or "",
            int(present),
        ]
        for held_on, kind, group, place, host, present in rows
    ]
