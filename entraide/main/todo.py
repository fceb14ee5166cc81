"""« À faire »: what a member organisation is expected to do, at the top of its home.

Each source is a function (organisation, today) -> list of TodoItem; ``SOURCES`` lists
them in the order the page shows them. A new kind of thing to do is one more function
appended to ``SOURCES``, nothing else.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import or_, select

from ..core.extensions import db
from ..followups.queries import next_meeting_of, planned_meetings
from ..models import (
    FollowUp,
    FollowUpAction,
    GroupMeeting,
    HelpAnswer,
    HelpNotification,
    HelpRequest,
    Offer,
    Organisation,
    Pairing,
    PairingEvaluation,
)
from ..models.group import group_member
from ..models.pairing import awaiting_answer_from
from ..models.sponsor_request import proposal_origin, requests_behind
from ..testimonies import queries as testimonies
from ..text import format_wall_time

MEETINGS_AHEAD_DAYS = 30  # meetings planned within this many days
ACTIONS_AHEAD_DAYS = 14  # actions due within this many days (and late ones)
ITEMS_PER_SECTION = 10


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    detail: str = ""
    when: date | None = None
    late: bool = False


@dataclass
class TodoSection:
    key: str
    title: str
    items: list[TodoItem]
    more: int = 0  # items beyond ITEMS_PER_SECTION
    more_url: str | None = None


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    collect: Callable[[Organisation, date], list[TodoItem]]
    more_endpoint: str | None = None


def _other(pairing: Pairing, org_id: int) -> Organisation:
    return pairing.mentor if pairing.mentee_id == org_id else pairing.mentee


def _sides(org_id: int):
    return or_(Pairing.mentee_id == org_id, Pairing.mentor_id == org_id)


def consents_awaited(org: Organisation, today: date) -> list[TodoItem]:
    """Parrainages proposed to the organisation that it has not answered yet."""
    pairings = awaiting_answer_from(org.id)
    behind = requests_behind(p.id for p in pairings)
    items = []
    for pairing in pairings:
        origin = proposal_origin(pairing, org.id, behind.get(pairing.id))
        other = _other(pairing, org.id).name
        items.append(
            TodoItem(
                title=f"Répondre à la proposition de parrainage avec {other}",
                detail=f"{origin} : acceptez ou déclinez",
                url=url_for("pairings.show", pairing_id=pairing.id, _anchor="reponse-titre"),
                when=pairing.created_at.date(),
            )
        )
    return items


def meetings_planned(org: Organisation, today: date) -> list[TodoItem]:
    """Meetings planned within MEETINGS_AHEAD_DAYS: those of its active parrainages and of
    its group; for a parrainage with none planned, the day its latest record gave
    (« prochaine rencontre envisagée », without an appointment)."""
    horizon = today + timedelta(days=MEETINGS_AHEAD_DAYS)
    items = []
    pairings = db.session.execute(
        select(Pairing).where(Pairing.status == "active", _sides(org.id)).order_by(Pairing.id)
    ).scalars()
    for pairing in pairings:
        other = _other(pairing, org.id).name
        url = url_for("pairings.show", pairing_id=pairing.id, _anchor="prochaines-titre")
        planned = [f for f in planned_meetings(pairing) if today <= f.held_on <= horizon]
        for followup in planned:
            where = f" · {followup.place}" if followup.place else ""
            items.append(
                TodoItem(
                    title=f"Rencontre de parrainage avec {other}",
                    detail=f"à {format_wall_time(followup.start_time)}, "
                    f"{followup.format_label.lower()}{where}",
                    url=url,
                    when=followup.held_on,
                )
            )
        if planned or any(f.is_planned for f in pairing.followups):
            continue
        envisaged = next_meeting_of(pairing, today)
        if envisaged is not None and today <= envisaged <= horizon:
            items.append(
                TodoItem(
                    title=f"Rencontre de parrainage avec {other}",
                    detail="envisagée au carnet de suivi, sans rendez-vous fixé : prévoyez-la",
                    url=url,
                    when=envisaged,
                )
            )
    members = select(group_member.c.group_id).where(
        group_member.c.organisation_id == org.id, group_member.c.active.is_(True)
    )
    meetings = db.session.execute(
        select(GroupMeeting).where(
            GroupMeeting.status == "planned",
            GroupMeeting.group_id.in_(members),
            GroupMeeting.held_on.between(today, horizon),
        )
    ).scalars()
    for meeting in meetings:
        host = f" · chez {meeting.host.name}" if meeting.host else ""
        items.append(
            TodoItem(
                title=f"{meeting.title} (groupe {meeting.group.name})",
                detail=f"à {format_wall_time(meeting.start_time)}{host}",
                url=url_for("groups.show", group_id=meeting.group_id, _anchor="prochaines-titre"),
                when=meeting.held_on,
            )
        )
    return sorted(items, key=lambda item: item.when)


def actions_due(org: Organisation, today: date) -> list[TodoItem]:
    """Follow-up actions of its active parrainages not done, late or due soon."""
    horizon = today + timedelta(days=ACTIONS_AHEAD_DAYS)
    rows = db.session.execute(
        select(FollowUpAction, Pairing)
        .join(FollowUp, FollowUp.id == FollowUpAction.followup_id)
        .join(Pairing, Pairing.id == FollowUp.pairing_id)
        .where(
            Pairing.status == "active",
            _sides(org.id),
            FollowUpAction.done_at.is_(None),
            FollowUpAction.due_on.is_not(None),
            FollowUpAction.due_on <= horizon,
        )
        .order_by(FollowUpAction.due_on, FollowUpAction.id)
    ).all()
    return [
        TodoItem(
            title=action.description,
            detail=f"parrainage avec {_other(pairing, org.id).name}"
            + (f" · responsable : {action.owner}" if action.owner else ""),
            url=url_for("pairings.show", pairing_id=pairing.id, _anchor="carnet-titre"),
            when=action.due_on,
            late=action.is_overdue(today),
        )
        for action, pairing in rows
    ]


def help_requests_to_answer(org: Organisation, today: date) -> list[TodoItem]:
    """Open calls of other organisations on a theme it offers (or that it was told
    about), that it has not answered yet."""
    if org.is_archived:
        return []
    offered = select(Offer.theme_code).where(
        Offer.organisation_id == org.id, Offer.status == "active"
    )
    told = select(HelpNotification.request_id).where(HelpNotification.organisation_id == org.id)
    answered = select(HelpAnswer.request_id).where(HelpAnswer.organisation_id == org.id)
    calls = db.session.execute(
        select(HelpRequest)
        .where(
            HelpRequest.status == "open",
            HelpRequest.organisation_id != org.id,
            or_(HelpRequest.theme_code.in_(offered), HelpRequest.id.in_(told)),
            HelpRequest.id.not_in(answered),
        )
        .order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
    ).scalars()
    return [
        TodoItem(
            title=call.title,
            detail=f"appel de {call.organisation.name} · thème « {call.theme.label} »",
            url=url_for("help_requests.show", request_id=call.id, _anchor="repondre-titre"),
            when=call.created_at.date(),
        )
        for call in calls
    ]


def evaluations_due(org: Organisation, today: date) -> list[TodoItem]:
    """Completed parrainages it has not given its close-out evaluation of."""
    given = select(PairingEvaluation.pairing_id).where(PairingEvaluation.organisation_id == org.id)
    pairings = db.session.execute(
        select(Pairing)
        .where(Pairing.status == "completed", _sides(org.id), Pairing.id.not_in(given))
        .order_by(Pairing.ended_at, Pairing.id)
    ).scalars()
    return [
        TodoItem(
            title=f"Donner votre bilan du parrainage avec {_other(pairing, org.id).name}",
            detail="le parrainage est terminé",
            url=url_for("followups.evaluate", pairing_id=pairing.id),
            when=pairing.ended_at.date() if pairing.ended_at else None,
        )
        for pairing in pairings
    ]


def testimonies_to_approve(org: Organisation, today: date) -> list[TodoItem]:
    """Testimonies of a report not yet sent that name it or come from its parrainages,
    awaiting its answer."""
    return [
        TodoItem(
            title=f"Approuver ou refuser un témoignage pour le bilan {approval.highlight.year}",
            detail=(
                "tiré d'un de vos parrainages"
                if approval.from_source
                else "il nomme votre organisation"
            )
            + " : rien n'est transmis au Département sans votre accord",
            url=url_for("testimonies.show", highlight_id=approval.highlight_id),
            when=approval.requested_at.date(),
        )
        for approval in testimonies.awaiting(org.id)
    ]


SOURCES: list[Source] = [
    Source("consents", "Réponses attendues de vous", consents_awaited, "pairings.index"),
    Source("meetings", "Rencontres prévues dans les 30 jours", meetings_planned),
    Source("actions", "Actions à mener", actions_due),
    Source(
        "help_requests",
        "Appels à l'entraide auxquels vous pouvez répondre",
        help_requests_to_answer,
        "help_requests.index",
    ),
    Source("evaluations", "Bilans à donner", evaluations_due, "pairings.index"),
    Source("testimonies", "Témoignages à approuver", testimonies_to_approve),
]


@dataclass
class Todo:
    sections: list[TodoSection] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(s.items) + s.more for s in self.sections)


def todo_for(org: Organisation, today: date | None = None) -> Todo:
    """The organisation's « À faire », non-empty sections only."""
    today = today or date.today()
    todo = Todo()
    for source in SOURCES:
        items = source.collect(org, today)
        if not items:
            continue
        more = max(len(items) - ITEMS_PER_SECTION, 0)
        todo.sections.append(
            TodoSection(
                key=source.key,
                title=source.title,
                items=items[:ITEMS_PER_SECTION],
                more=more,
                more_url=url_for(source.more_endpoint) if more and source.more_endpoint else None,
            )
        )
    return todo
