"""The public directory: opted-in organisations, readable without an account."""

from flask import Blueprint, abort, render_template, request, url_for

from ..geo.gazetteer import get_gazetteer
from ..geo.svgmap import Marker, render_map
from ..models.organisation import STATUSES
from ..themes import SECTORS
from . import queries

bp = Blueprint("directory", __name__, url_prefix="/annuaire")

PER_PAGE = 20


def _directory_map(orgs, *, title: str, linked: bool = True) -> str:
    markers = []
    for org in orgs:
        location = queries.public_location(org)
        if location is not None:
            href = url_for("directory.show", org_id=org.id) if linked else None
            markers.append(Marker(location[0], location[1], org.name, href=href))
    return render_map(markers, title=title, map_id="carte-annuaire")


@bp.route("")
def index():
    """The opted-in organisations, with a map, filters by sector and EPCI, and pages."""
    epcis = get_gazetteer().epci_names()
    # A web form: unknown values are ignored, never an error (like the coordinator's list).
    sector = request.args.get("sector", "") if request.args.get("sector") in SECTORS else ""
    epci = request.args.get("epci", "") if request.args.get("epci") in epcis else ""
    page = max(request.args.get("page", 1, type=int), 1)
    pagination = queries.public_page(page, PER_PAGE, sector, epci)
    carte = _directory_map(
        queries.all_public(sector, epci), title="Carte des SCIC de l'annuaire public"
    )
    return render_template(
        "directory/index.html",
        pagination=pagination,
        sector=sector,
        epci=epci,
        epcis=epcis,
        carte=carte,
        offers_of=queries.public_offers,
        theme_label=queries.theme_label,
    )


@bp.route("/<int(max=2147483647):org_id>")
def show(org_id: int):
    """The public page of one organisation (404 unless it opted in)."""
    org = queries.get_public(org_id)
    if org is None:
        abort(404)
    carte = _directory_map([org], title=f"Localisation : {org.name}", linked=False)
    return render_template(
        "directory/show.html",
        org=org,
        carte=carte,
        offers=queries.public_offers(org),
        theme_label=queries.theme_label,
        status_label=STATUSES.get(org.status, org.status),
        website=_safe_website(org.website),
    )


def _safe_website(url: str | None) -> str | None:
    # Imported data is not always validated: only http(s) addresses become links.
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None
