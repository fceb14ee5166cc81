"""Organisations as JSON for the public API: public fields only, never personal data."""

from ..directory.queries import public_location, public_offers, theme_label
from ..models import Organisation
from ..themes import SECTORS


def organisation_json(org: Organisation) -> dict:
    """The public view of an organisation (no contact, account, need or difficulty flag)."""
    commune = org.commune
    location = public_location(org)
    return {
        "id": org.id,
        "name": org.name,
        "status": org.status,
        "sector": org.sector,
        "sector_label": SECTORS.get(org.sector, org.sector),
        "year_created": org.year_created,
        "commune": (
            {"insee": commune.insee, "name": commune.name, "epci": commune.epci}
            if commune is not None
            else None
        ),
        "lat": location[0] if location else None,
        "lon": location[1] if location else None,
        "website": org.website,
        "offers": [
            {"theme": o.theme_code, "theme_label": theme_label(o.theme_code), "text": o.text}
            for o in public_offers(org)
        ],
    }
