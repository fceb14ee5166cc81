"""Read-side queries of the public directory, shared by its pages and the JSON API.

Only organisations that opted in (``public_directory``) and are not archived are
public; nothing here reads contacts, accounts, needs' texts or ``in_difficulty``.
"""

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import Need, Offer, Organisation, Pairing
from ..themes import SECTORS, THEMES

# Explicit coordinates may be a private address: rounded to about one kilometre.
_COORDINATE_DECIMALS = 2


@dataclass
class Page:
    """One page of a list, with what the pager and the API need."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def public_query(sector: str = "", epci: str = ""):
    """Opted-in, non-archived organisations by name; ``sector``/``epci`` already valid."""
    query = (
        select(Organisation)
        .where(Organisation.public_directory.is_(True), Organisation.archived_at.is_(None))
        .order_by(Organisation.name_key, Organisation.id)
    )
    if sector:
        query = query.where(Organisation.sector == sector)
    if epci:
        codes = [c.insee for c in get_gazetteer().communes() if c.epci == epci]
        query = query.where(Organisation.commune_insee.in_(codes))
    return query


def count_public(sector: str = "", epci: str = "") -> int:
    subquery = public_query(sector, epci).order_by(None).subquery()
    return db.session.execute(select(func.count()).select_from(subquery)).scalar_one()


def public_page(page: int, per_page: int, sector: str = "", epci: str = "") -> Page:
    """A page of public organisations (offers loaded); an empty page past the end."""
    total = count_public(sector, epci)
    items = []
    if (page - 1) * per_page < total:  # never send a huge OFFSET to the database
        query = (
            public_query(sector, epci)
            .options(selectinload(Organisation.offers))
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        items = list(db.session.execute(query).scalars())
    return Page(items, page, per_page, total)


def all_public(sector: str = "", epci: str = "") -> list[Organisation]:
    """Every public organisation matching the filters (for the map)."""
    return list(db.session.execute(public_query(sector, epci)).scalars())


def get_public(org_id: int) -> Organisation | None:
    """The organisation if it is public, else None (absent, private or archived)."""
    query = public_query().where(Organisation.id == org_id)
    return db.session.execute(query.options(selectinload(Organisation.offers))).scalar()


def public_location(org: Organisation) -> tuple[float, float] | None:
    """The commune's centre, else explicit coordinates rounded to about a kilometre."""
    commune = org.commune
    if commune is not None:
        return (commune.lat, commune.lon)
    if org.latitude is None or org.longitude is None:
        return None
    return (round(org.latitude, _COORDINATE_DECIMALS), round(org.longitude, _COORDINATE_DECIMALS))


def public_offers(org: Organisation) -> list[Offer]:
    return [offer for offer in org.offers if offer.status == "active"]


def theme_label(code: str) -> str:
    return THEMES.get(code, code)


def _by_code(rows, labels: dict[str, str], key: str) -> list[dict]:
    counts = dict(rows)
    codes = list(labels) + sorted(code for code in counts if code not in labels)
    return [{key: c, "label": labels.get(c, c), "count": counts.get(c, 0)} for c in codes]


def network_stats() -> dict:
    """Aggregates over today's members (public or not): counts only, no names.

    A member is not archived and has joined by today (« membre du réseau depuis »; without
    it, since its row was entered).
    """
    members = and_(
        Organisation.archived_at.is_(None),
        or_(Organisation.member_since.is_(None), Organisation.member_since <= date.today()),
    )
    scalar = db.session.execute
    age_group = Organisation.age_group  # one expression: PostgreSQL matches GROUP BY by it
    ages = dict(
        scalar(
            select(age_group, func.count(Organisation.id)).where(members).group_by(age_group)
        ).all()
    )
    total = sum(ages.values())
    sectors = scalar(
        select(Organisation.sector, func.count(Organisation.id))
        .where(members)
        .group_by(Organisation.sector)
    ).all()
    needs = scalar(
        select(Need.theme_code, func.count(Need.id))
        .join(Organisation, Need.organisation_id == Organisation.id)
        .where(members, Need.status == "open")
        .group_by(Need.theme_code)
    ).all()
    offers = scalar(
        select(Offer.theme_code, func.count(Offer.id))
        .join(Organisation, Offer.organisation_id == Organisation.id)
        .where(members, Offer.status == "active")
        .group_by(Offer.theme_code)
    ).all()
    pairings = scalar(select(func.count(Pairing.id)).where(Pairing.status == "active")).scalar_one()
    return {
        "organisations": total,
        "young": ages.get("young", 0),
        "experienced": ages.get("experienced", 0),
        "year_unknown": ages.get("unknown", 0),
        "by_sector": _by_code(sectors, SECTORS, "sector"),
        "open_needs_by_theme": _by_code(needs, THEMES, "theme"),
        "active_offers_by_theme": _by_code(offers, THEMES, "theme"),
        "active_pairings": pairings,
    }
