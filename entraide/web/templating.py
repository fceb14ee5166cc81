"""Template globals and filters: the French display of dates, times, numbers and texts.

The same functions serve the pages, the mails (``core/mail.py`` renders with this
environment) and the report (``reports/`` PDF and XLSX call them directly).
"""

import logging
from decimal import Decimal

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from ..core.extensions import db
from ..geo.svgmap import group_colour
from ..models.demo import demo_loaded
from ..models.need import NEED_STATUSES, OFFER_STATUSES
from ..models.organisation import LEGAL_FORMS, STATUSES
from ..models.pairing import PAIRING_STATUSES
from ..models.user import ROLES
from ..text import (
    format_date,
    format_datetime,
    format_euros,
    format_hours,
    format_long_date,
    format_number,
    format_time,
    format_wall_time,
    name_list,
    plural,
    shorten,
)
from ..themes import SECTORS, THEMES, URGENCIES, YOUNG_SINCE_YEAR

log = logging.getLogger(__name__)


def format_date_fr(value) -> str:
    """06/12/2026 (a stored UTC datetime gives its day in Europe/Paris)."""
    return format_date(value)


def format_datetime_fr(value) -> str:
    """« 06/12/2026 à 18:57 », in Europe/Paris."""
    return format_datetime(value)


def format_number_fr(value, max_decimals: int | None = None):
    """Numbers the French way (1 234,5); None is empty, other values are left alone.

    ``{{ x|nombre_fr(2) }}``: up to two decimals (« 0,15 »).
    """
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_number(value, max_decimals)
    return value


def pluralise(count, singular: str, plural_form: str | None = None, number: bool = True) -> str:
    """``{{ n|pluriel('rencontre notée', 'rencontres notées') }}`` → « 3 rencontres notées »."""
    return plural(count or 0, singular, plural_form, number=number)


def truncate_words(text, width: int = 120) -> str:
    """``{{ text|tronquer(80) }}``: cut on a word, with an ellipsis."""
    return shorten(text, width)


def commune_label(org) -> str:
    """« Lens (62300) »: an organisation's commune with its own postal code, or its town."""
    commune = getattr(org, "commune", None)
    if commune is not None:
        return commune.label
    return getattr(org, "town_label", None) or ""


def demo_banner() -> bool:
    """Whether the page says « Données de démonstration » (the demo's marker is stored):
    one primary-key read, by base.html once per page. A database that cannot answer
    shows no banner rather than turning the page (perhaps an error page) into an error."""
    try:
        return demo_loaded()
    except SQLAlchemyError:
        log.warning("demo marker unreadable: no banner", exc_info=True)
        db.session.rollback()
        return False


def register_templating(app: Flask) -> None:
    app.jinja_env.globals.update(
        THEMES=THEMES,
        SECTORS=SECTORS,
        URGENCIES=URGENCIES,
        STATUSES=STATUSES,
        LEGAL_FORMS=LEGAL_FORMS,
        ROLES=ROLES,
        NEED_STATUSES=NEED_STATUSES,
        OFFER_STATUSES=OFFER_STATUSES,
        group_colour=group_colour,
        PAIRING_STATUSES=PAIRING_STATUSES,
        YOUNG_SINCE_YEAR=YOUNG_SINCE_YEAR,
        demo_banner=demo_banner,
    )
    app.jinja_env.filters["date_fr"] = format_date_fr
    app.jinja_env.filters["datetime_fr"] = format_datetime_fr
    app.jinja_env.filters["nombre_fr"] = format_number_fr
    app.jinja_env.filters["heure_fr"] = format_time
    # A meeting's start time, already Paris wall-clock (no conversion), and its long day.
    app.jinja_env.filters["heure_locale"] = format_wall_time
    app.jinja_env.filters["jour_fr"] = format_long_date
    app.jinja_env.filters["heures"] = format_hours
    app.jinja_env.filters["euros"] = format_euros
    app.jinja_env.filters["pluriel"] = pluralise
    app.jinja_env.filters["liste_noms"] = name_list
    app.jinja_env.filters["tronquer"] = truncate_words
    app.jinja_env.filters["commune"] = commune_label
