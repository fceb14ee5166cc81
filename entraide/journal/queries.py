"""Reading the audit log: filter options and the filtered query (newest first)."""

from datetime import date

from sqlalchemy import and_, or_, select

from ..core.extensions import db
from ..models import (
    ActionOrganisation,
    AuditEntry,
    FollowUp,
    FollowUpAction,
    GroupMeeting,
    HelpAnswer,
    HelpRequest,
    Need,
    Offer,
    Organisation,
    Pairing,
    PairingEvaluation,
    PairRejection,
    User,
)
from ..models.group import group_member, meeting_participant
from ..text import local_day_end, local_day_start
from .labels import FAMILIES, action_label, actions_of_family

FAMILY_PREFIX = "famille:"


def filter_options() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Organisations (all, archived ones too) and the people found in the log."""
    orgs = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name_key)
    ).all()
    actors = db.session.execute(
        select(User)
        .where(User.id.in_(select(AuditEntry.actor_id).distinct()))
        .order_by(User.name, User.email)
    ).scalars()
    return [(i, name) for i, name in orgs], [
        (u.id, f"{u.name or u.email} ({u.email})") for u in actors
    ]


def kind_choices() -> list[tuple[str, str]]:
    """Each family (« Parrainages : toutes les actions »), then its actions."""
    choices = []
    for family, label in FAMILIES.items():
        choices.append((FAMILY_PREFIX + family, f"{label} : toutes les actions"))
        choices += [(code, f"{label} – {action_label(code)}") for code in actions_of_family(family)]
    return choices


def _about(object_type: str, ids_query):
    return and_(AuditEntry.object_type == object_type, AuditEntry.object_id.in_(ids_query))


def _concerning(org_id: int):
    """Entries about the organisation, its declarations, pairings, groups, calls and people."""
    pairings = select(Pairing.id).where(
        or_(Pairing.mentee_id == org_id, Pairing.mentor_id == org_id)
    )
    followups = select(FollowUp.id).where(FollowUp.pairing_id.in_(pairings))
    groups = select(group_member.c.group_id).where(group_member.c.organisation_id == org_id)
    meetings = select(GroupMeeting.id).where(
        or_(
            GroupMeeting.host_id == org_id,
            GroupMeeting.id.in_(
                select(meeting_participant.c.meeting_id).where(
                    meeting_participant.c.organisation_id == org_id
                )
            ),
        )
    )
    people = select(User.id).where(User.organisation_id == org_id)
    return or_(
        and_(AuditEntry.object_type == "Organisation", AuditEntry.object_id == org_id),
        AuditEntry.actor_id.in_(people),
        _about("User", people),
        _about("Need", select(Need.id).where(Need.organisation_id == org_id)),
        _about("Offer", select(Offer.id).where(Offer.organisation_id == org_id)),
        _about("Pairing", pairings),
        _about("FollowUp", followups),
        _about(
            "FollowUpAction",
            select(FollowUpAction.id).where(FollowUpAction.followup_id.in_(followups)),
        ),
        _about(
            "PairingEvaluation",
            select(PairingEvaluation.id).where(PairingEvaluation.pairing_id.in_(pairings)),
        ),
        _about(
            "PairRejection",
            select(PairRejection.id).where(
                or_(PairRejection.mentee_id == org_id, PairRejection.mentor_id == org_id)
            ),
        ),
        _about("TerritorialGroup", groups),
        _about("GroupMeeting", meetings),
        _about(
            "NetworkAction",
            select(ActionOrganisation.action_id).where(
                ActionOrganisation.organisation_id == org_id
            ),
        ),
        _about("HelpRequest", select(HelpRequest.id).where(HelpRequest.organisation_id == org_id)),
        _about("HelpAnswer", select(HelpAnswer.id).where(HelpAnswer.organisation_id == org_id)),
    )


def entries_query(
    organisation: int | None = None,
    kind: str = "",
    actor: str = "",
    start: date | None = None,
    end: date | None = None,
):
    """Newest first; ``start``/``end`` are days in Europe/Paris, both included."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if organisation:
        query = query.where(_concerning(organisation))
    if kind.startswith(FAMILY_PREFIX):
        query = query.where(AuditEntry.action.in_(actions_of_family(kind[len(FAMILY_PREFIX) :])))
    elif kind:
        query = query.where(AuditEntry.action == kind)
    if actor == "system":
        query = query.where(AuditEntry.actor_id.is_(None))
    elif actor:
        query = query.where(AuditEntry.actor_id == int(actor))
    if start:
        query = query.where(AuditEntry.created_at >= local_day_start(start))
    if end:
        query = query.where(AuditEntry.created_at < local_day_end(end))
    return query
