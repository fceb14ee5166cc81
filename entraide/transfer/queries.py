"""The export: one row per non-archived organisation, in the import format."""

from functools import cache

from sqlalchemy import select

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import Need, Offer, Organisation
from .csv_format import COLUMNS

# Joins several themes in a cell; "|" rather than ";" so that a semicolon-separated
# file needs no quotes around it. Distinct texts of one column go on separate lines.
THEME_SEPARATOR = "|"
TEXT_SEPARATOR = "\n"


def export_rows() -> tuple[list[str], list[list]]:
    """(headers, rows) of the network, ordered by name; read back by the import as is."""
    organisations = db.session.scalars(
        select(Organisation)
        .where(Organisation.archived_at.is_(None))
        .order_by(Organisation.name_key)
    ).all()
    needs = _declarations(Need, "open")
    offers = _declarations(Offer, "active")
    rows = []
    for org in organisations:
        commune = org.commune
        need_themes, need_text = needs.get(org.id, ((), ""))
        offer_themes, offer_text = offers.get(org.id, ((), ""))
        rows.append(
            [
                org.name,
                _commune_cell(commune.insee) if commune else None,
                commune.postal_code if commune else None,
                org.town_label,
                org.latitude,
                org.longitude,
                org.status,
                org.sector,
                org.year_created,
                org.mentor_capacity,
                "oui" if org.in_difficulty else "non",
                org.contact_email,
                THEME_SEPARATOR.join(need_themes),
                need_text,
                THEME_SEPARATOR.join(offer_themes),
                offer_text,
            ]
        )
    return list(COLUMNS), rows


def _declarations(model, status: str) -> dict[int, tuple[list[str], str]]:
    """Per organisation: distinct themes and distinct texts, in declaration order."""
    query = (
        select(model.organisation_id, model.theme_code, model.text)
        .where(model.status == status)
        .order_by(model.organisation_id, model.id)
    )
    themes: dict[int, list[str]] = {}
    texts: dict[int, list[str]] = {}
    for org_id, theme, text in db.session.execute(query):
        if theme not in themes.setdefault(org_id, []):
            themes[org_id].append(theme)
        if text and text not in texts.setdefault(org_id, []):
            texts[org_id].append(text)
    return {
        org_id: (codes, TEXT_SEPARATOR.join(texts.get(org_id, ())))
        for org_id, codes in themes.items()
    }


@cache
def _commune_cell(insee: str) -> str:
    """The commune's name, readable in a spreadsheet, or its code if the name is ambiguous."""
    gazetteer = get_gazetteer()
    commune = gazetteer.by_insee(insee)
    return commune.name if gazetteer.resolve(commune.name) is commune else insee
