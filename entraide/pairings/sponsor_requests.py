"""Members' sponsorship requests: a young SCIC asks, an experienced SCIC offers its help.

Both go to the coordination's review queue; nothing starts without the coordination's
validation (the usual proposal, which settles the requests, see ``services.propose``) and
both SCICs' consent. The coordination may instead decline a request, with a reason the
requester reads; the requester may withdraw it while it waits. The coordination is told of
each request by mail, the requester of the refusal (and of the validation, in the mail
that asks for its consent, ``notifications.consent_requested``).

The rules, checked in this order, each refused in French with its status and nothing
written: the request's need is an open need of a young SCIC that has no sponsor yet (and,
for a request, the requester's own need); the would-be sponsor is an experienced SCIC,
not archived, that accepted to be proposed and has a place left; it offers the need's
theme; the coordination has not set the pair aside; no open request names the same need
and sponsor (a partial unique index keeps it when two requests race).
"""

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock
from ..models import Need, Organisation, SponsorRequest
from ..models._base import utcnow
from ..models.audit import record
from ..models.sponsor_request import MESSAGE_MAX
from . import notifications
from .services import active_rejection, live_pairing_of, used_capacity

log = logging.getLogger(__name__)


def sponsor_problem(mentor: Organisation | None) -> UserError | None:
    """Why ``mentor`` cannot be proposed as a sponsor now, or None."""
    if mentor is None:
        return UserError("SCIC marraine inconnue.", 422)
    if mentor.is_young:
        return UserError(
            f"« {mentor.name} » est une jeune SCIC : elle ne peut pas être marraine.", 422
        )
    if mentor.is_archived:
        return UserError(f"« {mentor.name} » est archivée : elle ne parraine plus.")
    if not mentor.proposable_sponsor:
        return UserError(f"« {mentor.name} » n'accepte pas d'être proposée comme SCIC marraine.")
    if mentor.mentor_capacity <= 0:
        return UserError(f"« {mentor.name} » ne parraine pas (capacité de parrainage 0).")
    if used_capacity(mentor.id) >= mentor.mentor_capacity:
        return UserError(f"« {mentor.name} » n'a plus de place de parrainage disponible.")
    return None


def need_problem(need: Need | None) -> UserError | None:
    """Why ``need`` cannot be the subject of a sponsorship request now, or None."""
    if need is None:
        return UserError("Besoin inconnu.", 422)
    mentee = need.organisation
    if not need.is_open:
        return UserError(
            "Ce besoin n'est plus ouvert : il ne peut plus faire l'objet d'une demande."
        )
    if not mentee.is_young:
        return UserError("Seules les jeunes SCIC peuvent être parrainées.", 422)
    if mentee.is_archived:
        return UserError(f"« {mentee.name} » est archivée.")
    if live_pairing_of(mentee.id) is not None:
        return UserError(f"« {mentee.name} » a déjà un parrainage en cours ou proposé.")
    return None


def pair_problem(need: Need, mentor: Organisation) -> UserError | None:
    """Why this sponsor cannot be asked for this need (both checked alone first), or None."""
    if not any(o.is_active and o.theme_code == need.theme_code for o in mentor.offers):
        return UserError(
            f"« {mentor.name} » ne propose pas d'aide sur le thème « {need.theme.label} ».", 422
        )
    if active_rejection(need.organisation_id, mentor.id) is not None:
        return UserError("La coordination a écarté ce binôme : il ne peut pas être demandé.")
    if open_request(need.id, mentor.id) is not None:
        return UserError(
            "Une demande pour ce besoin et cette SCIC attend déjà la coordination.", 409
        )
    return None


def open_request(need_id: int, mentor_id: int) -> SponsorRequest | None:
    return db.session.execute(
        select(SponsorRequest).filter_by(need_id=need_id, mentor_id=mentor_id, status="open")
    ).scalar_one_or_none()


def _member_org(actor) -> Organisation:
    org = getattr(actor, "organisation", None)
    if not getattr(actor, "is_member", False) or org is None:
        raise UserError("Seuls les membres d'une SCIC peuvent faire cette demande.", 403)
    return org


def _clean_message(message: str | None) -> str:
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise UserError(f"Le message dépasse {MESSAGE_MAX} caractères.", 422)
    return message


def _create(actor, kind, need, mentor, requester, message, score) -> SponsorRequest:
    checks = [lambda: need_problem(need), lambda: sponsor_problem(mentor)]
    if kind == "offer":
        # The requester's own side first: an organisation that cannot sponsor learns
        # nothing of another organisation's need.
        checks.reverse()
    for check in (*checks, lambda: pair_problem(need, mentor)):
        problem = check()
        if problem is not None:
            raise problem
    item = SponsorRequest(
        kind=kind,
        status="open",
        need_id=need.id,
        mentee_id=need.organisation_id,
        mentor_id=mentor.id,
        requester_id=requester.id,
        message=message,
        score=score,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(item)
    db.session.flush()
    record(
        actor,
        item,
        "sponsor_request.create",
        after={
            "kind": kind,
            "need_id": need.id,
            "mentee_id": need.organisation_id,
            "mentor_id": mentor.id,
        },
    )
    notifications.request_received(item)  # queued: it goes with the commit
    log.info("sponsor request %s: %s, need %s, mentor %s", item.id, kind, need.id, mentor.id)
    return item


def ask(actor, need_id: int, mentor_id: int, message: str = "", score=None) -> SponsorRequest:
    """A young SCIC asks the coordination for the sponsorship of ``mentor_id`` on a need."""
    org = _member_org(actor)
    message = _clean_message(message)
    need = db.session.get(Need, need_id)
    if need is not None and need.organisation_id != org.id:
        raise UserError("Ce besoin n'est pas un besoin de votre organisation.", 422)
    return _create(actor, "ask", need, db.session.get(Organisation, mentor_id), org, message, score)


def offer(actor, need_id: int, message: str = "", score=None) -> SponsorRequest:
    """An experienced SCIC offers the coordination its help on a young SCIC's need."""
    org = _member_org(actor)
    message = _clean_message(message)
    need = db.session.get(Need, need_id)
    if need is not None and need.organisation_id == org.id:
        raise UserError("Votre organisation ne peut pas se parrainer elle-même.", 422)
    return _create(actor, "offer", need, org, org, message, score)


def withdraw(actor, item: SponsorRequest) -> None:
    """The requester takes back a request that still waits."""
    if lock(item) is None or not item.is_open:
        raise UserError(
            "Cette demande n'attend plus la coordination : elle ne peut plus être retirée."
        )
    item.status, item.decided_at = "withdrawn", utcnow()
    item.decided_by_id = getattr(actor, "id", None)
    record(actor, item, "sponsor_request.withdraw", before={"status": "open"})


def decline(actor, item: SponsorRequest, reason: str) -> None:
    """The coordination declines a request; the requester reads ``reason``."""
    reason = (reason or "").strip()
    if not reason:
        raise UserError("Indiquez le motif du refus.", 422)
    if lock(item) is None or not item.is_open:
        raise UserError("Cette demande a déjà reçu une réponse.")
    item.status, item.decided_at = "declined", utcnow()
    item.decided_by_id = getattr(actor, "id", None)
    item.decline_reason = reason
    record(
        actor, item, "sponsor_request.decline", before={"status": "open"}, after={"reason": reason}
    )
    notifications.request_declined(item)  # queued: it goes with the commit


@dataclass
class QueueRequest:
    """An open request in the coordination's queue, and why it cannot be validated now."""

    item: SponsorRequest
    problem: str | None


def queue_requests() -> list[QueueRequest]:
    """Every open request, oldest first, each with what stands in its way (if anything)."""
    items = db.session.execute(
        select(SponsorRequest)
        .where(SponsorRequest.status == "open")
        .options(
            selectinload(SponsorRequest.need),
            selectinload(SponsorRequest.mentee),
            selectinload(SponsorRequest.requester),
            selectinload(SponsorRequest.created_by),
            selectinload(SponsorRequest.mentor).selectinload(Organisation.offers),
        )
        .order_by(SponsorRequest.created_at, SponsorRequest.id)
    ).scalars()
    entries = []
    for item in items:
        problem = need_problem(item.need) or sponsor_problem(item.mentor)
        entries.append(QueueRequest(item, str(problem) if problem else None))
    return entries


def requests_of(org_id: int, kind: str) -> list[SponsorRequest]:
    """The requests ``org_id`` sent (of one kind), newest first."""
    return list(
        db.session.execute(
            select(SponsorRequest)
            .where(SponsorRequest.requester_id == org_id, SponsorRequest.kind == kind)
            .options(
                selectinload(SponsorRequest.need),
                selectinload(SponsorRequest.mentee),
                selectinload(SponsorRequest.mentor),
            )
            .order_by(SponsorRequest.created_at.desc(), SponsorRequest.id.desc())
        ).scalars()
    )


def open_pairs_of(org_id: int) -> set[tuple[int, int]]:
    """(need, mentor) pairs of the open requests naming ``org_id``, whoever sent them."""
    rows = db.session.execute(
        select(SponsorRequest.need_id, SponsorRequest.mentor_id).where(
            SponsorRequest.status == "open",
            (SponsorRequest.mentee_id == org_id) | (SponsorRequest.mentor_id == org_id),
        )
    )
    return {(need_id, mentor_id) for need_id, mentor_id in rows}
