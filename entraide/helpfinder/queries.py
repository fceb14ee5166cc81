"""What the two pages show: the engine's answers for one organisation, and its requests.

Only what a member may read of other organisations: name, town, distance, the engine's
reasons, and for a need its theme, urgency and a short text. Never the « en difficulté »
flag, the contact addresses or the accounts (the profiles the engine reads carry none).
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..core.extensions import db
from ..matching import Candidate, NeedItem
from ..matching.needs import NeedMatch
from ..models import Need, Organisation, Pairing, SponsorRequest
from ..pairings.services import live_pairing_of, used_capacity
from ..pairings.sponsor_requests import open_pairs_of, requests_of
from . import network

PER_PAGE = 20


@dataclass
class SponsorView:
    """A possible sponsor of one need, and this organisation's last request to it."""

    candidate: Candidate
    town: str
    in_directory: bool
    request: SponsorRequest | None
    waiting: bool = False  # an open request names this pair (the sponsor may have sent it)


@dataclass
class NeedView:
    need: Need
    sponsors: list[SponsorView] = field(default_factory=list)


@dataclass
class HelpPage:
    """« Qui peut m'aider ? » for one young SCIC."""

    org: Organisation
    blocked: str | None = None  # why there is nothing to ask for now
    pairing: Pairing | None = None
    needs: list[NeedView] = field(default_factory=list)
    requests: list[SponsorRequest] = field(default_factory=list)


def _directory_ids(org_ids) -> set[int]:
    if not org_ids:
        return set()
    return set(
        db.session.execute(
            select(Organisation.id).where(
                Organisation.id.in_(org_ids), Organisation.public_directory
            )
        ).scalars()
    )


def who_can_help(org: Organisation) -> HelpPage:
    """Each open need of ``org`` with its best possible sponsors (those who opted in)."""
    page = HelpPage(org, requests=requests_of(org.id, "ask"))
    if org.is_archived:
        page.blocked = "Votre organisation est archivée : elle ne peut plus demander de parrainage."
        return page
    page.pairing = live_pairing_of(org.id)
    if page.pairing is not None:
        mentor = page.pairing.mentor.name
        page.blocked = (
            f"Votre organisation est déjà parrainée par {mentor}."
            if page.pairing.status == "active"
            else f"Un parrainage par {mentor} est déjà proposé à votre organisation."
        )
        return page
    snap = network.snapshot()
    latest = {}
    for item in page.requests:  # newest first: the first one seen is the latest
        latest.setdefault((item.need_id, item.mentor_id), item)
    waiting = open_pairs_of(org.id)
    needs = org.open_needs()
    found = {need.id: snap.candidates(org.id, need.id) for need in needs}
    in_directory = _directory_ids({c.id for cands in found.values() for c in cands})
    for need in needs:
        view = NeedView(need)
        for candidate in found[need.id]:
            profile = snap.orgs.get(candidate.id)
            view.sponsors.append(
                SponsorView(
                    candidate,
                    (profile.commune_name if profile else None) or "",
                    candidate.id in in_directory,
                    latest.get((need.id, candidate.id)),
                    (need.id, candidate.id) in waiting,
                )
            )
        page.needs.append(view)
    return page


@dataclass
class NeedOffer:
    """A young SCIC's need this organisation's offers cover, and its last offer of help."""

    match: NeedMatch
    need: NeedItem
    town: str
    request: SponsorRequest | None
    waiting: bool = False  # an open request names this pair (the young SCIC may have sent it)


@dataclass
class OfferPage:
    """« Qui puis-je aider ? » for one experienced SCIC."""

    org: Organisation
    blocked: str | None = None
    settings_hint: bool = False  # the profile's opt-in or capacity would change it
    places_left: int = 0
    total: int = 0
    page: int = 1
    pages: int = 1
    needs: list[NeedOffer] = field(default_factory=list)
    requests: list[SponsorRequest] = field(default_factory=list)


def _blocked_sponsor(org: Organisation, page: "OfferPage") -> str | None:
    if org.is_archived:
        return "Votre organisation est archivée : elle ne peut plus parrainer."
    if not org.proposable_sponsor or org.mentor_capacity <= 0:
        page.settings_hint = True
        return (
            "Pour proposer votre aide, acceptez d'être proposée comme SCIC marraine et "
            "indiquez une capacité de parrainage dans le profil de votre organisation."
        )
    page.places_left = org.mentor_capacity - used_capacity(org.id)
    if page.places_left <= 0:
        page.settings_hint = True
        return (
            "Toutes vos places de parrainage sont prises. Pour parrainer une jeune SCIC de "
            "plus, augmentez votre capacité de parrainage dans le profil."
        )
    if not org.active_offers():
        return (
            "Votre organisation ne propose encore aucune aide : déclarez une offre pour "
            "voir les besoins des jeunes SCIC qu'elle couvre."
        )
    return None


def who_i_can_help(org: Organisation, page_number: int = 1) -> OfferPage:
    """The open needs of young SCICs without a sponsor that ``org``'s offers cover."""
    page = OfferPage(org, requests=requests_of(org.id, "offer"))
    page.blocked = _blocked_sponsor(org, page)
    if page.blocked:
        return page
    snap = network.snapshot()
    matches = snap.needs_for(org.id)
    page.total = len(matches)
    page.pages = max(1, -(-len(matches) // PER_PAGE))
    page.page = min(max(page_number, 1), page.pages)
    start = (page.page - 1) * PER_PAGE
    latest = {}
    for item in page.requests:
        latest.setdefault(item.need_id, item)
    waiting = {need_id for need_id, mentor_id in open_pairs_of(org.id) if mentor_id == org.id}
    for match in matches[start : start + PER_PAGE]:
        need = snap.need(match.need_id)
        profile = snap.orgs.get(match.org_id)
        page.needs.append(
            NeedOffer(
                match,
                need,
                (profile.commune_name if profile else None) or "",
                latest.get(match.need_id),
                match.need_id in waiting,
            )
        )
    return page


def ask_score(org: Organisation, need_id: int, mentor_id: int) -> float | None:
    """The engine's score of this sponsor for this need, if it is among the best shown."""
    found = network.snapshot().candidates(org.id, need_id)
    return next((c.score for c in found if c.id == mentor_id), None)


def offer_score(org: Organisation, need_id: int) -> float | None:
    """The engine's score of ``org`` as the sponsor of this need, if its offers cover it."""
    found = network.snapshot().needs_for(org.id)
    return next((m.score for m in found if m.need_id == need_id), None)
