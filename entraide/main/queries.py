"""Network-wide aggregates (no personal data: shown to the funder too)."""

from sqlalchemy import func, select

from ..extensions import db
from ..models import Need, Offer, Organisation
from ..organisations.queries import young_clause


def network_overview() -> dict:
    active = Organisation.archived_at.is_(None)
    total = db.session.scalar(select(func.count()).where(active)) or 0
    young = db.session.scalar(select(func.count()).where(active, young_clause())) or 0
    by_sector = dict(
        db.session.execute(
            select(Organisation.sector, func.count()).where(active).group_by(Organisation.sector)
        ).all()
    )
    needs = dict(
        db.session.execute(
            select(Need.theme_code, func.count())
            .join(Need.organisation)
            .where(active, Need.status == "open")
            .group_by(Need.theme_code)
        ).all()
    )
    offers = dict(
        db.session.execute(
            select(Offer.theme_code, func.count())
            .join(Offer.organisation)
            .where(active, Offer.status == "active")
            .group_by(Offer.theme_code)
        ).all()
    )
    capacity = db.session.scalar(
        select(func.coalesce(func.sum(Organisation.mentor_capacity), 0)).where(active)
    )
    return {
        "total": total,
        "young": young,
        "experienced": total - young,
        "by_sector": by_sector,
        "open_needs": needs,
        "active_offers": offers,
        "mentor_capacity": capacity,
    }
