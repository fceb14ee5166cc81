"""State changes of help requests: post (and notify), answer, close. Flush, never commit.

At the same moment as another change (see ``core.locks``): an answer holds a shared lock
on the request and reads it again, so it is refused once the request is closed (answers
may go on side by side); closing locks it, so a second close is told it already is.
"""

import logging
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock, lock_shared
from ..matching.responders import HelpCall, RankedResponder, rank_responders
from ..models import (
    HelpAnswer,
    HelpNotification,
    HelpOutsideContact,
    HelpRequest,
    Offer,
    Organisation,
)
from ..models._base import utcnow
from ..models.audit import record
from ..suggestions.adapter import to_profile
from ..themes import THEMES
from . import notifications

log = logging.getLogger(__name__)


# Who may do what (the model has no can_* methods: they live here, used by views and
# templates alike).
def can_view(help_request: HelpRequest, user) -> bool:
    """Any member may read a request (anyone may answer it), and the coordinator."""
    return user.is_authenticated and (user.is_coordinator or user.is_member)


def is_requester(help_request: HelpRequest, user) -> bool:
    return (
        user.is_authenticated
        and user.is_member
        and (user.organisation_id == help_request.organisation_id)
    )


def can_see_answers(help_request: HelpRequest, user) -> bool:
    return user.is_authenticated and (user.is_coordinator or is_requester(help_request, user))


def can_answer(help_request: HelpRequest, user) -> bool:
    return (
        help_request.status == "open"
        and user.is_authenticated
        and user.is_member
        and not is_requester(help_request, user)
    )


def can_close(help_request: HelpRequest, user) -> bool:
    return help_request.status == "open" and (
        user.is_authenticated and (user.is_coordinator or is_requester(help_request, user))
    )


def responder_candidates(theme: str) -> list:
    """Profiles of the organisations with an active offer on ``theme`` (not archived)."""
    orgs = db.session.execute(
        select(Organisation)
        .where(
            Organisation.archived_at.is_(None),
            Organisation.id.in_(
                select(Offer.organisation_id).where(
                    Offer.theme_code == theme, Offer.status == "active"
                )
            ),
        )
        .options(selectinload(Organisation.offers), selectinload(Organisation.needs))
        .order_by(Organisation.id)
    ).scalars()
    return [to_profile(org) for org in orgs]


def best_responders(org: Organisation, theme: str, text: str) -> list[RankedResponder]:
    location = org.location
    commune = org.commune
    call = HelpCall(
        org_id=org.id,
        theme=theme,
        text=text,
        lat=location[0] if location else None,
        lon=location[1] if location else None,
        commune_name=commune.name if commune else org.town_label,
    )
    return rank_responders(call, responder_candidates(theme))


def post_request(actor, org: Organisation, theme: str, title: str, text: str) -> HelpRequest:
    """Post a request for ``org`` and store the organisations to notify (top 5)."""
    title, text = " ".join((title or "").split()), (text or "").strip()
    if org is None or org.is_archived:
        raise UserError("Une organisation archivée ne peut pas lancer d'appel à l'entraide.")
    if theme not in THEMES:
        raise UserError("Thème inconnu.")
    if not title or not text:
        raise UserError("Donnez un titre et décrivez la demande.")
    help_request = HelpRequest(
        organisation_id=org.id,
        theme_code=theme,
        title=title,
        text=text,
        status="open",
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(help_request)
    db.session.flush()
    ranked = best_responders(org, theme, f"{title}\n{text}")
    for responder in ranked:
        db.session.add(
            HelpNotification(
                request_id=help_request.id,
                organisation_id=responder.org_id,
                score=Decimal(str(round(responder.score, 4))),
                reason=responder.reason,
            )
        )
    record(
        actor,
        help_request,
        "help_request.create",
        after={
            "organisation_id": org.id,
            "theme": theme,
            "title": title,
            "notified": [{"organisation_id": r.org_id, "score": round(r.score, 4)} for r in ranked],
        },
    )
    log.info("help request %s: %s organisation(s) notified", help_request.id, len(ranked))
    return help_request


def answer(help_request: HelpRequest, actor, message: str) -> HelpAnswer:
    """A member answers for its organisation."""
    message = (message or "").strip()
    if lock_shared(help_request) is None or help_request.status != "open":
        raise UserError("Cet appel à l'entraide est clos : il n'attend plus de réponse.")
    if not getattr(actor, "is_member", False):
        raise UserError("Seul·es les membres d'une organisation peuvent répondre.")
    if actor.organisation_id == help_request.organisation_id:
        raise UserError("Votre organisation ne peut pas répondre à son propre appel.")
    if actor.organisation is None or actor.organisation.is_archived:
        raise UserError("Une organisation archivée ne peut pas répondre.")
    if not message:
        raise UserError("Écrivez votre réponse.")
    reply = HelpAnswer(
        request=help_request,
        organisation_id=actor.organisation_id,
        message=message,
        created_by_id=actor.id,
    )
    db.session.add(reply)
    db.session.flush()
    record(
        actor,
        reply,
        "help_answer.create",
        after={"request_id": help_request.id, "organisation_id": actor.organisation_id},
    )
    return reply


def close(help_request: HelpRequest, actor, solved: bool, note: str | None) -> None:
    """Close a request, recording whether it was solved."""
    if lock(help_request) is None or help_request.status != "open":
        raise UserError("Cet appel à l'entraide est déjà clos.")
    help_request.status = "closed"
    help_request.solved = bool(solved)
    help_request.closing_note = (note or "").strip() or None
    help_request.closed_at = utcnow()
    record(
        actor,
        help_request,
        "help_request.close",
        before={"status": "open"},
        after={
            "status": "closed",
            "solved": help_request.solved,
            "note": help_request.closing_note,
        },
    )


NEW_OFFER_REASON = "propose désormais de l'aide sur ce thème"


def tell_new_offerer(offer: Offer, actor=None) -> list[HelpNotification]:
    """An active offer appeared: tell its organisation of the open requests on its theme.

    Once per request and organisation (never the requester, never an archived
    organisation); the mails are queued in the caller's transaction. One query.
    """
    org = offer.organisation
    if offer.status != "active" or org is None or org.is_archived:
        return []
    db.session.flush()
    told = select(HelpNotification.id).where(
        HelpNotification.request_id == HelpRequest.id,
        HelpNotification.organisation_id == org.id,
    )
    open_requests = (
        db.session.execute(
            select(HelpRequest)
            .where(
                HelpRequest.status == "open",
                HelpRequest.theme_code == offer.theme_code,
                HelpRequest.organisation_id != org.id,
                ~told.exists(),
            )
            .order_by(HelpRequest.id)
        )
        .scalars()
        .all()
    )
    created = []
    for help_request in open_requests:
        notification = HelpNotification(
            request=help_request,
            organisation=org,
            source="new_offer",
            reason=NEW_OFFER_REASON,
        )
        db.session.add(notification)
        created.append(notification)
        record(
            actor,
            help_request,
            "help_request.notify_offerer",
            after={"organisation_id": org.id, "offer_id": offer.id},
        )
        notifications.new_offerer_told(notification)
    if created:
        db.session.flush()
    return created


def can_relay(help_request: HelpRequest, user) -> bool:
    return help_request.status == "open" and user.is_authenticated and user.is_coordinator


def relay_choices(help_request: HelpRequest) -> list[Organisation]:
    """Active organisations the coordination may still relay the request to."""
    told = select(HelpNotification.organisation_id).where(
        HelpNotification.request_id == help_request.id
    )
    return list(
        db.session.execute(
            select(Organisation)
            .where(
                Organisation.archived_at.is_(None),
                Organisation.id != help_request.organisation_id,
                Organisation.id.not_in(told),
            )
            .order_by(Organisation.name)
        ).scalars()
    )


def relay(
    help_request: HelpRequest,
    actor,
    organisation_ids,
    note: str | None = None,
    contact_name: str | None = None,
    contact_email: str | None = None,
) -> tuple[list[HelpNotification], HelpOutsideContact | None]:
    """The coordination relays the request to member organisations and/or an outside contact.

    Everything is checked before anything is written; mails are queued in the caller's
    transaction.
    """
    note = (note or "").strip() or None
    contact_name = " ".join((contact_name or "").split()) or None
    contact_email = (contact_email or "").strip().lower() or None
    ids = list(dict.fromkeys(int(i) for i in organisation_ids or ()))
    if lock(help_request) is None or help_request.status != "open":
        raise UserError("Cet appel à l'entraide est clos : il ne peut plus être relayé.")
    if not getattr(actor, "is_coordinator", False):
        raise UserError("Seule la coordination peut relayer un appel.", 403)
    if bool(contact_name) != bool(contact_email):
        raise UserError("Pour un contact extérieur, donnez son nom et son adresse e-mail.", 422)
    if not ids and not contact_email:
        raise UserError(
            "Choisissez au moins une organisation ou indiquez un contact extérieur.", 422
        )
    orgs = {
        org.id: org
        for org in db.session.execute(
            select(Organisation).where(Organisation.id.in_(ids))
        ).scalars()
    }
    already = set(
        db.session.execute(
            select(HelpNotification.organisation_id).where(
                HelpNotification.request_id == help_request.id,
                HelpNotification.organisation_id.in_(ids),
            )
        ).scalars()
    )
    for org_id in ids:
        org = orgs.get(org_id)
        if org is None:
            raise UserError("Organisation inconnue.", 422)
        if org.is_archived:
            raise UserError(f"{org.name} est archivée : elle ne peut pas être prévenue.", 422)
        if org.id == help_request.organisation_id:
            raise UserError(f"{org.name} a lancé cet appel.", 422)
        if org.id in already:
            raise UserError(f"{org.name} a déjà été prévenue de cet appel.", 409)
    if contact_email and any(c.email == contact_email for c in help_request.outside_contacts):
        raise UserError(f"{contact_email} a déjà été prévenu·e de cet appel.", 409)
    told = []
    for org_id in ids:
        notification = HelpNotification(
            request=help_request,
            organisation=orgs[org_id],
            source="relay",
            reason="relayé par la coordination",
            relayed_by_id=getattr(actor, "id", None),
            note=note,
        )
        db.session.add(notification)
        told.append(notification)
    contact = None
    if contact_email:
        contact = HelpOutsideContact(
            request=help_request,
            name=contact_name,
            email=contact_email,
            note=note,
            relayed_by_id=getattr(actor, "id", None),
        )
        db.session.add(contact)
    db.session.flush()
    record(
        actor,
        help_request,
        "help_request.relay",
        after={
            "organisation_ids": ids,
            # The outside contact's name only: the address stays on its row.
            "outside_contact": contact_name,
            "note": note,
        },
    )
    for notification in told:
        notifications.relayed_to_member(notification)
    if contact is not None:
        notifications.relayed_to_outside(contact)
    return told, contact
