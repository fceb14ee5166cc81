"""The public JSON API (read-only, GET only): directory organisations and network figures.

Bad input never gives a 500: a JSON error ``{"error": {"status", "message"}}`` in
French, 400 for an invalid parameter, 404 for a page past the end or a private
organisation. Errors outside these views (unknown path, 405) come from ``errors.py``.
"""

import re

from flask import Blueprint, jsonify, request

from ..directory import queries
from ..geo.gazetteer import get_gazetteer
from ..text import plural
from ..themes import SECTORS
from .openapi import openapi_document
from .paging import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE
from .serializers import organisation_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")

CACHE_CONTROL = "public, max-age=300"
_NUMBER = re.compile(r"^[0-9]{1,9}$")  # ASCII digits only: int() also reads "١٢"
_MAX_ECHO = 60


class ApiError(Exception):
    """An error answered as JSON with a French message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return jsonify({"error": {"status": error.status, "message": error.message}}), error.status


@bp.after_request
def cache_public(response):
    # Public data, the same for everyone; security.py still sets no-store when logged in.
    if response.status_code == 200:
        response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def _echo(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _MAX_ECHO else value[: _MAX_ECHO - 1] + "…"


def _int_arg(name: str, default: int, low: int, high: int | None, message: str) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _NUMBER.match(raw.strip()):
        raise ApiError(400, message)
    value = int(raw.strip())
    if value < low or (high is not None and value > high):
        raise ApiError(400, message)
    return value


def _filters() -> tuple[str, str]:
    sector = request.args.get("sector", "")
    if sector and sector not in SECTORS:
        raise ApiError(
            400,
            f"Secteur inconnu : « {_echo(sector)} ». Valeurs possibles : {', '.join(SECTORS)}.",
        )
    epci = request.args.get("epci", "")
    if epci and epci not in get_gazetteer().epci_names():
        raise ApiError(
            400,
            f"Intercommunalité inconnue : « {_echo(epci)} ». Indiquez le nom exact d'un EPCI "
            "du Pas-de-Calais (voir la description OpenAPI).",
        )
    return sector, epci


@bp.get("/organisations")
def list_organisations():
    """The public organisations, paginated, filterable by sector and EPCI."""
    page = _int_arg(
        "page", 1, 1, MAX_PAGE, f"Le paramètre « page » doit être un entier entre 1 et {MAX_PAGE}."
    )
    per_page = _int_arg(
        "per_page",
        DEFAULT_PER_PAGE,
        1,
        MAX_PER_PAGE,
        f"Le paramètre « per_page » doit être un entier entre 1 et {MAX_PER_PAGE}.",
    )
    sector, epci = _filters()
    result = queries.public_page(page, per_page, sector, epci)
    if page > max(result.pages, 1):
        raise ApiError(
            404,
            f"La page {page} n'existe pas : il y a {plural(result.pages, 'page')} de résultats.",
        )
    return jsonify(
        {
            "items": [organisation_json(org) for org in result.items],
            "page": result.page,
            "per_page": result.per_page,
            "total": result.total,
            "pages": result.pages,
        }
    )


@bp.get("/organisations/<int(max=2147483647):org_id>")
def get_organisation(org_id: int):
    """One public organisation; 404 if it is absent, private or archived."""
    org = queries.get_public(org_id)
    if org is None:
        raise ApiError(404, "Organisation introuvable dans l'annuaire public.")
    return jsonify(organisation_json(org))


@bp.get("/stats")
def stats():
    """Aggregated figures of the whole network (counts only, no names)."""
    return jsonify(queries.network_stats())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())
