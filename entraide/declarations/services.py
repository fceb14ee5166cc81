"""Declaring, editing and closing needs and offers.

Closing, reopening and withdrawing lock the row and read it again (see ``core.locks``):
the same change made twice at once is refused the second time instead of being recorded
twice. An edit racing a close needs nothing: it is as if it came just before.
"""

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock
from ..help_requests import services as help_requests
from ..models import Need, Offer
from ..models._base import utcnow
from ..models.audit import record


def _need_state(need: Need) -> dict:
    return {
        "theme": need.theme_code,
        "text": need.text,
        "urgency": need.urgency,
        "status": need.status,
    }


def _offer_state(offer: Offer) -> dict:
    return {"theme": offer.theme_code, "text": offer.text, "status": offer.status}


def declare_need(org, actor, theme: str, text: str, urgency: str = "normal") -> Need:
    """Add an open need to ``org``."""
    need = Need(organisation=org, theme_code=theme, text=text, urgency=urgency, status="open")
    db.session.add(need)
    record(actor, need, "need.create", after=_need_state(need))
    return need


def update_need(need: Need, actor, theme: str, text: str, urgency: str) -> None:
    before = _need_state(need)
    need.theme_code, need.text, need.urgency = theme, text, urgency
    record(actor, need, "need.update", before=before, after=_need_state(need))


def close_need(need: Need, actor, outcome: str) -> None:
    """Mark an open need met or withdrawn."""
    if outcome not in ("met", "withdrawn"):
        raise ValueError(outcome)
    if lock(need) is None or not need.is_open:
        raise UserError("Ce besoin vient d'être clos.")
    before = _need_state(need)
    need.status, need.closed_at = outcome, utcnow()
    record(actor, need, f"need.{outcome}", before=before, after=_need_state(need))


def reopen_need(need: Need, actor) -> None:
    if lock(need) is None or need.is_open:
        raise UserError("Ce besoin vient d'être rouvert.")
    before = _need_state(need)
    need.status, need.closed_at = "open", None
    record(actor, need, "need.reopen", before=before, after=_need_state(need))


def declare_offer(org, actor, theme: str, text: str) -> Offer:
    offer = Offer(organisation=org, theme_code=theme, text=text, status="active")
    db.session.add(offer)
    record(actor, offer, "offer.create", after=_offer_state(offer))
    # An open help request on this theme no longer dead-ends: its new offerer is told.
    help_requests.tell_new_offerer(offer, actor)
    return offer


def update_offer(offer: Offer, actor, theme: str, text: str) -> None:
    before = _offer_state(offer)
    offer.theme_code, offer.text = theme, text
    record(actor, offer, "offer.update", before=before, after=_offer_state(offer))
    if offer.is_active and before["theme"] != theme:
        help_requests.tell_new_offerer(offer, actor)


def withdraw_offer(offer: Offer, actor) -> None:
    if lock(offer) is None or not offer.is_active:
        raise UserError("Cette offre vient d'être retirée.")
    before = _offer_state(offer)
    offer.status, offer.closed_at = "withdrawn", utcnow()
    record(actor, offer, "offer.withdraw", before=before, after=_offer_state(offer))
