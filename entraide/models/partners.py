"""Partners: the organisations a member organisation works with, who may open its page.

Two organisations are partners when (either way round):
- they are the two sides of a parrainage proposed to them, active, completed, or stopped
  after it had started (a declined pairing, or a proposal withdrawn before it started,
  makes no partners);
- they are members of the same territorial group that is not archived;
- one answered a help request of the other, or was told about it (the organisations
  notified when the request was posted).

The rule is written once, as a SELECT of the partners' ids (``partner_ids_select``);
``Organisation.can_view`` and the lists of partners read it.
"""

from sqlalchemy import and_, event, or_, select, union
from sqlalchemy.orm import Session

from ..core.extensions import db
from ..core.statements import built_once
from .group import TerritorialGroup, group_member
from .help_request import HelpAnswer, HelpNotification, HelpRequest
from .pairing import Pairing

# Statuses in which the two sides of a pairing know each other (a stopped pairing counts
# only if it had started: see _pairing_counts).
PARTNER_PAIRING_STATUSES = ("proposed", "awaiting_consent", "active", "completed")


def _pairing_counts():
    return or_(
        Pairing.status.in_(PARTNER_PAIRING_STATUSES),
        and_(Pairing.status == "stopped", Pairing.start_date.is_not(None)),
    )


def partner_ids_select(org_id: int):
    """SELECT of the ids of ``org_id``'s partners (never ``org_id`` itself)."""
    as_mentee = select(Pairing.mentor_id).where(Pairing.mentee_id == org_id, _pairing_counts())
    as_mentor = select(Pairing.mentee_id).where(Pairing.mentor_id == org_id, _pairing_counts())
    own = group_member.alias("own")
    other = group_member.alias("other")
    same_group = (
        select(other.c.organisation_id)
        .join(own, own.c.group_id == other.c.group_id)
        .join(TerritorialGroup, TerritorialGroup.id == own.c.group_id)
        .where(
            own.c.organisation_id == org_id,
            other.c.organisation_id != org_id,
            TerritorialGroup.archived_at.is_(None),
        )
    )
    # Its requests: who answered them, who was told about them.
    answered_its = (
        select(HelpAnswer.organisation_id)
        .join(HelpRequest, HelpRequest.id == HelpAnswer.request_id)
        .where(HelpRequest.organisation_id == org_id)
    )
    told_of_its = (
        select(HelpNotification.organisation_id)
        .join(HelpRequest, HelpRequest.id == HelpNotification.request_id)
        .where(HelpRequest.organisation_id == org_id)
    )
    # The others' requests it answered or was told about.
    it_answered = (
        select(HelpRequest.organisation_id)
        .join(HelpAnswer, HelpAnswer.request_id == HelpRequest.id)
        .where(HelpAnswer.organisation_id == org_id)
    )
    it_was_told = (
        select(HelpRequest.organisation_id)
        .join(HelpNotification, HelpNotification.request_id == HelpRequest.id)
        .where(HelpNotification.organisation_id == org_id)
    )
    return union(
        as_mentee, as_mentor, same_group, answered_its, told_of_its, it_answered, it_was_told
    )


# A page links every organisation it names only if the reader may open it: one query per
# reader's organisation and session, not one per link. Any flush, commit or rollback may
# change who is a partner, so each of them forgets what was read.
_CACHE = "partner_ids"


# The union of seven selects costs more to build than to run: kept per organisation.
_kept_select = built_once(partner_ids_select)


def partner_ids(org_id: int) -> set[int]:
    cache = db.session.info.setdefault(_CACHE, {})
    if org_id not in cache:
        ids = set(db.session.execute(_kept_select(org_id)).scalars())
        ids.discard(org_id)
        cache[org_id] = frozenset(ids)
    return set(cache[org_id])


def are_partners(org_id: int, other_id: int) -> bool:
    return org_id != other_id and other_id in partner_ids(org_id)


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_partners(session, *_args) -> None:
    session.info.pop(_CACHE, None)
