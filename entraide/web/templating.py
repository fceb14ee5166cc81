"""Template globals and filters."""

from decimal import Decimal

from flask import Flask

from ..geo.svgmap import group_colour
from ..models.need import NEED_STATUSES, OFFER_STATUSES
from ..models.organisation import LEGAL_FORMS, STATUSES
from ..models.pairing import PAIRING_STATUSES
from ..models.user import ROLES
from ..text import format_number
from ..themes import SECTORS, THEMES, URGENCIES, YOUNG_SINCE_YEAR


def format_date_fr(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_datetime_fr(value) -> str:
    return value.strftime("%d/%m/%Y à %H:%M") if value else ""


def format_number_fr(value):
    """Numbers the French way (1 234,5); None is empty, other values are left alone."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_number(value)
    return value


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
    )
    app.jinja_env.filters["date_fr"] = format_date_fr
    app.jinja_env.filters["datetime_fr"] = format_datetime_fr
    app.jinja_env.filters["nombre_fr"] = format_number_fr
