"""What a person's calendar feed holds.

- A member: the planned meetings of its organisation (its active pairings, its active
  territorial group), the due dates of the open actions of its active pairings, and the
  answers awaited from its organisation (proposals it has not answered yet).
- The coordination: every planned meeting of the network.
- The funder: no feed (``keys.has_feed``).

Planned meetings only: a cancelled one leaves the feed (subscribed calendars then drop
it; the people expected also got the cancellation by mail), a held one is history.
Meetings and deadlines older than ``PAST_DAYS`` are left out, to keep the feed small.
"""

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..core.extensions import db
from ..models import FollowUp, FollowUpAction, GroupMeeting, Pairing, TerritorialGroup, User
from ..models.group import group_member
from ..models.pairing import awaiting_answer_from
from ..models.sponsor_request import requests_behind
from .events import action_event, consent_event, followup_event, group_meeting_event
from .ics import CalendarEvent

PAST_DAYS = 90


def _planned_followups(since: date, org_id: int | None):
    query = (
        select(FollowUp)
        .join(Pairing, Pairing.id == FollowUp.pairing_id)
        .where(FollowUp.status == "planned", FollowUp.held_on >= since, Pairing.status == "active")
        .options(selectinload(FollowUp.pairing).selectinload(Pairing.mentee))
        .options(selectinload(FollowUp.pairing).selectinload(Pairing.mentor))
        .order_by(FollowUp.held_on, FollowUp.start_time, FollowUp.id)
    )
    if org_id is not None:
        query = query.where(or_(Pairing.mentee_id == org_id, Pairing.mentor_id == org_id))
    return db.session.execute(query).scalars().all()


def _planned_group_meetings(since: date, org_id: int | None):
    query = (
        select(GroupMeeting)
        .join(TerritorialGroup, TerritorialGroup.id == GroupMeeting.group_id)
        .where(
            GroupMeeting.status == "planned",
            GroupMeeting.held_on >= since,
            TerritorialGroup.archived_at.is_(None),
        )
        .options(selectinload(GroupMeeting.expected), selectinload(GroupMeeting.host))
        .order_by(GroupMeeting.held_on, GroupMeeting.start_time, GroupMeeting.id)
    )
    if org_id is not None:
        members = select(group_member.c.group_id).where(
            group_member.c.organisation_id == org_id, group_member.c.active.is_(True)
        )
        query = query.where(GroupMeeting.group_id.in_(members))
    return db.session.execute(query).scalars().all()


def _open_actions(since: date, org_id: int):
    return db.session.execute(
        select(FollowUpAction, Pairing)
        .join(FollowUp, FollowUp.id == FollowUpAction.followup_id)
        .join(Pairing, Pairing.id == FollowUp.pairing_id)
        .where(
            Pairing.status == "active",
            or_(Pairing.mentee_id == org_id, Pairing.mentor_id == org_id),
            FollowUpAction.done_at.is_(None),
            FollowUpAction.due_on.is_not(None),
            FollowUpAction.due_on >= since,
        )
        .order_by(FollowUpAction.due_on, FollowUpAction.id)
    ).all()


def events_for(user: User, today: date) -> list[CalendarEvent]:
    """The events of ``user``'s feed on ``today`` (see the module's docstring)."""
    since = today - timedelta(days=PAST_DAYS)
    org_id = None if user.is_coordinator else user.organisation_id
    if org_id is None and not user.is_coordinator:
        return []
    events = [followup_event(f) for f in _planned_followups(since, org_id)]
    events += [group_meeting_event(m) for m in _planned_group_meetings(since, org_id)]
    if org_id is not None:
        events += [action_event(a, p, org_id) for a, p in _open_actions(since, org_id)]
        awaited = awaiting_answer_from(org_id)
        behind = requests_behind(p.id for p in awaited)
        events += [consent_event(p, org_id, today, behind.get(p.id)) for p in awaited]
    return events
