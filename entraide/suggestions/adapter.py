"""The one adapter between the database and the pure matching engine."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..matching import NeedItem, OfferItem, OrgProfile
from ..matching.results import gc_paused
from ..models import (
    ActionOrganisation,
    GroupMeeting,
    Need,
    NetworkAction,
    Offer,
    Organisation,
    Pairing,
    PairRejection,
)
from ..models.pairing import LIVE_STATUSES
from .territory_table import assignments as territory_assignments


def active_mentee_counts() -> dict[int, int]:
    """Capacity already used by each sponsor: its live (proposed, awaiting, active) pairings."""
    rows = db.session.execute(
        select(Pairing.mentor_id, func.count())
        .where(Pairing.status.in_(LIVE_STATUSES))
        .group_by(Pairing.mentor_id)
    ).all()
    return {mentor_id: count for mentor_id, count in rows}


def excluded_pairs() -> frozenset[tuple[int, int]]:
    """(mentee, mentor) pairs the coordinator rejected and has not lifted."""
    rows = db.session.execute(
        select(PairRejection.mentee_id, PairRejection.mentor_id).where(
            PairRejection.lifted_at.is_(None)
        )
    ).all()
    return frozenset((mentee, mentor) for mentee, mentor in rows)


def existing_pairs() -> frozenset[tuple[int, int]]:
    """(mentee, mentor) pairs that already exist: live, or completed together."""
    rows = db.session.execute(
        select(Pairing.mentee_id, Pairing.mentor_id).where(
            Pairing.status.in_(LIVE_STATUSES + ("completed",))
        )
    ).all()
    return frozenset((mentee, mentor) for mentee, mentor in rows)


def sponsored_mentees() -> frozenset[int]:
    """Young SCICs that already have a live pairing: they get no new sponsor."""
    rows = db.session.execute(
        select(Pairing.mentee_id).where(Pairing.status.in_(LIVE_STATUSES))
    ).scalars()
    return frozenset(rows)


def last_hosted_dates() -> dict[int, date]:
    """Date of the last meeting each organisation hosted, or will host: of a group, or of
    the network (an action of the register it hosts). A planned meeting counts (its host is
    taken for the next one, and the rotation suggests another), a cancelled one does not."""
    hosted: dict[int, date] = dict(
        db.session.execute(
            select(GroupMeeting.host_id, func.max(GroupMeeting.held_on))
            .where(GroupMeeting.host_id.is_not(None), GroupMeeting.status != "cancelled")
            .group_by(GroupMeeting.host_id)
        ).all()
    )
    actions = db.session.execute(
        select(ActionOrganisation.organisation_id, func.max(NetworkAction.held_on))
        .join(NetworkAction, NetworkAction.id == ActionOrganisation.action_id)
        .where(ActionOrganisation.role == "host", NetworkAction.status != "cancelled")
        .group_by(ActionOrganisation.organisation_id)
    ).all()
    for org_id, held_on in actions:
        hosted[org_id] = max(held_on, hosted.get(org_id, held_on))
    return hosted


def load_profiles() -> list[OrgProfile]:
    """Every non-archived organisation as an :class:`OrgProfile`, ordered by id, with the
    territory of its commune from the coordination's table."""
    orgs = db.session.execute(
        select(Organisation)
        .where(Organisation.archived_at.is_(None))
        .options(selectinload(Organisation.needs), selectinload(Organisation.offers))
        .order_by(Organisation.id)
    ).scalars()
    used = active_mentee_counts()
    sponsored = sponsored_mentees()
    hosted = last_hosted_dates()
    territories = territory_assignments()
    return [
        to_profile(
            org,
            used.get(org.id, 0),
            sponsored=org.id in sponsored,
            last_hosted_on=hosted.get(org.id),
            territory=territories.get(org.commune_insee or ""),
        )
        for org in orgs
    ]


def to_profile(
    org: Organisation,
    active_mentees: int = 0,
    *,
    sponsored: bool = False,
    last_hosted_on: date | None = None,
    territory: str | None = None,
) -> OrgProfile:
    """Map one organisation; a young SCIC that already has a sponsor is not a mentee.

    The engine treats a young SCIC without open needs as "not looking for a sponsor",
    so the needs of an already sponsored one are left out of the matching (they stay
    visible everywhere else).
    """
    location = org.location
    commune = org.commune
    return OrgProfile(
        id=org.id,
        name=org.name,
        lat=location[0] if location else None,
        lon=location[1] if location else None,
        year_created=org.year_created,
        sector=org.sector,
        is_young=org.is_young,
        mentor_capacity=org.mentor_capacity,
        active_mentees=active_mentees,
        needs=() if sponsored else tuple(_need(n) for n in org.needs if n.status == "open"),
        offers=tuple(_offer(o) for o in org.offers if o.status == "active"),
        commune_name=commune.name if commune else org.town_label,
        epci=commune.epci if commune else None,
        # Explicit coordinates without a commune of the 62 = outside the département.
        in_departement=commune is not None,
        last_hosted_on=last_hosted_on,
        territory=territory if commune is not None else None,
    )


def _need(need: Need) -> NeedItem:
    return NeedItem(id=need.id, theme=need.theme_code, text=need.text or "", urgency=need.urgency)


def _offer(offer: Offer) -> OfferItem:
    return OfferItem(id=offer.id, theme=offer.theme_code, text=offer.text or "")


def load_profiles_fast() -> list[OrgProfile]:
    """What :func:`load_profiles` returns, read as plain rows rather than ORM objects.

    About ten times faster on 2 000 organisations (no identity map, no relationships):
    for pages that rebuild the profiles when the network changes (``helpfinder``). The
    mapping is :func:`to_profile`'s; a test checks both give the same profiles. The
    cyclic garbage collector pauses meanwhile: its full passes over the heap would cost
    more than the building (see ``matching.results.gc_paused``).
    """
    with gc_paused():
        return _read_profiles()


def _read_profiles() -> list[OrgProfile]:
    connection = db.session.connection()  # Core rows: the ORM's row processing costs more
    org_rows = connection.execute(
        select(
            Organisation.id,
            Organisation.name,
            Organisation.commune_insee,
            Organisation.latitude,
            Organisation.longitude,
            Organisation.town_label,
            Organisation.year_created,
            Organisation.sector,
            Organisation.is_young,
            Organisation.mentor_capacity,
        )
        .where(Organisation.archived_at.is_(None))
        .order_by(Organisation.id)
    ).all()
    needs: dict[int, list[NeedItem]] = {}
    for need_id, org_id, theme, text, urgency in connection.execute(
        select(Need.id, Need.organisation_id, Need.theme_code, Need.text, Need.urgency)
        .where(Need.status == "open")
        .order_by(Need.id)
    ):
        needs.setdefault(org_id, []).append(NeedItem(need_id, theme, text or "", urgency))
    offers: dict[int, list[OfferItem]] = {}
    for offer_id, org_id, theme, text in connection.execute(
        select(Offer.id, Offer.organisation_id, Offer.theme_code, Offer.text)
        .where(Offer.status == "active")
        .order_by(Offer.id)
    ):
        offers.setdefault(org_id, []).append(OfferItem(offer_id, theme, text or ""))
    used = active_mentee_counts()
    sponsored = sponsored_mentees()
    hosted = last_hosted_dates()
    territories = territory_assignments()
    gazetteer = get_gazetteer()
    profiles = []
    for row in org_rows:
        commune = gazetteer.by_insee(row.commune_insee) if row.commune_insee else None
        if row.latitude is not None and row.longitude is not None:
            lat, lon = row.latitude, row.longitude
        elif commune is not None:
            lat, lon = commune.lat, commune.lon
        else:
            lat = lon = None
        profiles.append(
            OrgProfile(
                id=row.id,
                name=row.name,
                lat=lat,
                lon=lon,
                year_created=row.year_created,
                sector=row.sector,
                is_young=bool(row.is_young),
                mentor_capacity=row.mentor_capacity,
                active_mentees=used.get(row.id, 0),
                needs=() if row.id in sponsored else tuple(needs.get(row.id, ())),
                offers=tuple(offers.get(row.id, ())),
                commune_name=commune.name if commune else row.town_label,
                epci=commune.epci if commune else None,
                in_departement=commune is not None,
                last_hosted_on=hosted.get(row.id),
                territory=territories.get(row.commune_insee or "") if commune else None,
            )
        )
    return profiles
