"""The export: one row per non-archived organisation, in the import's format."""

import re
from functools import cache

from sqlalchemy import select

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import Need, Offer, Organisation
from ..themes import SECTORS, STATUSES
from .columns import COLUMNS, HEADERS
from .services import theme_labels

# Joins several themes in a cell: "|" rather than ";" so that a semicolon-separated file
# needs no quotes around it. Texts: one "thème : texte" line per need or offer.
THEME_SEPARATOR = {False: " | ", True: "|"}
TEXT_SEPARATOR = "\n"
_LINE_BREAKS = re.compile(r"\r\n?")


def export_rows(*, codes: bool = False) -> tuple[list[str], list[list]]:
    """(headers, rows) of the network, ordered by name; read back by the import as is.

    French headers and labels by default; ``codes``: the technical form (column keys,
    status, sector and theme codes). Values keep their type (numbers, dates): the CSV
    and XLSX writers format them.
    """
    organisations = db.session.scalars(
        select(Organisation)
        .where(Organisation.archived_at.is_(None))
        .order_by(Organisation.name_key)
    ).all()
    labels = {} if codes else theme_labels()
    needs = _declarations(Need, "open", labels)
    offers = _declarations(Offer, "active", labels)
    separator = THEME_SEPARATOR[codes]
    rows = []
    for org in organisations:
        commune = org.commune
        need_themes, need_texts = needs.get(org.id, ((), ()))
        offer_themes, offer_texts = offers.get(org.id, ((), ()))
        rows.append(
            [
                org.name,
                _commune_cell(commune.insee) if commune else None,
                commune.postal_code if commune else None,
                org.town_label,
                org.latitude,
                org.longitude,
                org.status if codes else STATUSES.get(org.status, org.status),
                org.sector if codes else SECTORS.get(org.sector, org.sector),
                org.year_created,
                org.member_since,
                org.mentor_capacity,
                "oui" if org.in_difficulty else "non",
                org.contact_email,
                separator.join(need_themes),
                TEXT_SEPARATOR.join(need_texts),
                separator.join(offer_themes),
                TEXT_SEPARATOR.join(offer_texts),
            ]
        )
    headers = list(COLUMNS) if codes else [HEADERS[key] for key in COLUMNS]
    return headers, rows


def _declarations(model, status: str, labels: dict) -> dict[int, tuple[list[str], list[str]]]:
    """Per organisation: its distinct themes, and one "thème : texte" line per text."""
    query = (
        select(model.organisation_id, model.theme_code, model.text)
        .where(model.status == status)
        .order_by(model.organisation_id, model.id)
    )
    found: dict[int, tuple[list[str], list[str]]] = {}
    for org_id, theme, text in db.session.execute(query):
        themes, texts = found.setdefault(org_id, ([], []))
        name = labels.get(theme, theme)
        if name not in themes:
            themes.append(name)
        if text and text.strip():
            # One kind of line break in a cell: XLSX (XML) cannot keep a "\r" anyway.
            texts.append(f"{name} : {_LINE_BREAKS.sub(chr(10), text)}")
    return found


@cache
def _commune_cell(insee: str) -> str:
    """The commune's name, readable in a spreadsheet, or its code if the name is ambiguous."""
    gazetteer = get_gazetteer()
    commune = gazetteer.by_insee(insee)
    return commune.name if gazetteer.resolve(commune.name) is commune else insee
