"""Declaring, editing and closing needs and offers."""

from ..core.extensions import db
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
    before = _need_state(need)
    need.status, need.closed_at = outcome, utcnow()
    record(actor, need, f"need.{outcome}", before=before, after=_need_state(need))


def reopen_need(need: Need, actor) -> None:
    before = _need_state(need)
    need.status, need.closed_at = "open", None
    record(actor, need, "need.reopen", before=before, after=_need_state(need))


def declare_offer(org, actor, theme: str, text: str) -> Offer:
    offer = Offer(organisation=org, theme_code=theme, text=text, status="active")
    db.session.add(offer)
    record(actor, offer, "offer.create", after=_offer_state(offer))
    return offer


def update_offer(offer: Offer, actor, theme: str, text: str) -> None:
    before = _offer_state(offer)
    offer.theme_code, offer.text = theme, text
    record(actor, offer, "offer.update", before=before, after=_offer_state(offer))


def withdraw_offer(offer: Offer, actor) -> None:
    before = _offer_state(offer)
    offer.status, offer.closed_at = "withdrawn", utcnow()
    record(actor, offer, "offer.withdraw", before=before, after=_offer_state(offer))
