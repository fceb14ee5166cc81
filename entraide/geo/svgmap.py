"""Inline SVG maps of the Pas-de-Calais with markers (stdlib only, no script, no style attribute).

The output is meant to be inserted as is in a Jinja template (``|safe``) under a strict
Content-Security-Policy: colours are SVG presentation attributes (``fill``, ``stroke``),
which CSP does not treat as inline styles, and every text from the caller is escaped.
The base map (outline, EPCI borders, projection) is drawn by :mod:`.basemap`, markers
sharing a town are fanned out by :mod:`.spread`.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import svg_text as _text
from .basemap import FOOTER, Area, area_centres, inside_outline, num, static_layers
from .spread import spread

__all__ = [
    "ATTRIBUTION",
    "AREA_FILLS",
    "MAP_CSS",
    "PALETTE",
    "Area",
    "Marker",
    "area_fill",
    "group_colour",
    "render_map",
]

ATTRIBUTION = "Source : IGN – ADMIN EXPRESS COG ; INSEE – COG 2024"

# Okabe-Ito palette without its black (too close to the markers' outline), reordered so that
# the first groups get the most distinct hues. Readable with the common colour vision
# deficiencies; the dark stroke around markers keeps the yellow visible on the light fill.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442")
UNGROUPED_FILL = "#5A5A5A"
# Pale backgrounds for areas (territories): distinct from each other and from the markers'
# saturated colours, dark text readable on all of them. Areas are also named on the map.
AREA_FILLS = (
    "#FBE3C8",
    "#D3E7F7",
    "#D2EFE0",
    "#F6D3CB",
    "#E2D8F0",
    "#FFF3B8",
    "#DDE7C6",
    "#E4E4E4",
)

# Optional rules for the app's stylesheet (classes only, so CSP-safe): keyboard focus
# and hover made visible on linked markers, and a map that shrinks on small screens.
MAP_CSS = """\
svg.carte-62 { max-width: 100%; height: auto; }
svg.carte-62 a:hover circle, svg.carte-62 a:focus circle { stroke-width: 3; }
svg.carte-62 a:focus { outline: 2px solid #000; }
"""

# XML 1.0 forbids most control characters even when escaped: drop them from labels.
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True, slots=True)
class Marker:
    """A point on the map; ``group`` picks the colour, ``kind`` a CSS class hook."""

    lat: float
    lon: float
    label: str
    group: int | None = None
    href: str | None = None
    kind: str = "member"


def group_colour(group: int | None) -> str:
    """Fill colour of a group's markers, for legends drawn by the app in HTML."""
    return UNGROUPED_FILL if group is None else PALETTE[group % len(PALETTE)]


def area_fill(index: int) -> str:
    """Background colour of the ``index``-th area, for legends drawn by the app in HTML."""
    return AREA_FILLS[index % len(AREA_FILLS)]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _description(
    shown: list[Marker], skipped: int, show_epci: bool, extra: str | None, areas=()
) -> str:
    parts = [extra.strip()] if extra and extra.strip() else []
    layers = "Contour du département" + (" et limites des intercommunalités" if show_epci else "")
    if areas:
        names = ", ".join(area.name for area in areas)
        layers += f", fond coloré et nommé selon le territoire ({names})"
    count = _plural(len(shown), "point affiché", "points affichés") if shown else "aucun point"
    parts.append(f"{layers} ; {count}")
    if groups := {m.group for m in shown if m.group is not None}:
        parts.append(f"Couleur selon le groupe ({_plural(len(groups), 'groupe', 'groupes')})")
    if skipped:
        plural = "s" if skipped > 1 else ""
        parts.append(f"{skipped} point{plural} hors du Pas-de-Calais non affiché{plural}")
    return ". ".join(parts) + "."


def render_map(
    markers: Sequence[Marker],
    *,
    width: int = 600,
    height: int = 420,
    title: str = "Carte du Pas-de-Calais",
    show_epci: bool = True,
    marker_radius: float = 5.0,
    map_id: str = "carte-62",
    description: str | None = None,
    areas: Sequence[Area] = (),
) -> str:
    """Return an accessible inline ``<svg>`` of the Pas-de-Calais with ``markers``.

    Markers outside the département's outline (or without coordinates) are skipped
    and counted in the ``<desc>``. ``map_id`` prefixes the ids used by
    ``aria-labelledby``: give each map of a page its own. ``description`` is put
    before the generated text of ``<desc>``. ``areas`` (regions made of whole EPCIs) are
    filled, outlined and named under the markers.
    """
    areas = tuple(areas)
    project, static = static_layers(int(width), int(height), bool(show_epci), areas)
    base_id = _SAFE_ID.sub("", map_id) or "carte-62"

    shown: list[Marker] = []
    points: list[tuple[float, float]] = []
    for marker in markers:
        try:
            lat, lon = float(marker.lat), float(marker.lon)
        except (TypeError, ValueError):  # no commune, hence no coordinates
            continue
        if inside_outline(lat, lon):
            shown.append(marker)
            points.append(project(lat, lon))
    skipped = len(markers) - len(shown)
    positions = spread(points, marker_radius)

    # role="img" hides children from assistive technology, which would also hide the
    # links: with links the SVG is a group whose links stay reachable.
    has_links = any(_safe_href(m.href) for m in shown)
    labels = _area_labels(area_centres(int(width), int(height), areas), positions, marker_radius)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="carte-62" '
        f'width="{int(width)}" height="{int(height)}" viewBox="0 0 {int(width)} {int(height)}" '
        f'role="{"group" if has_links else "img"}" '
        f'aria-labelledby="{base_id}-titre {base_id}-desc">',
        f'<title id="{base_id}-titre">{_text(title)}</title>',
        f'<desc id="{base_id}-desc">'
        f"{_text(_description(shown, skipped, show_epci, description, areas))}</desc>",
        static,
        labels,
        '<g stroke="#1A1A1A" stroke-width="1">',
    ]
    for marker, (x, y) in zip(shown, positions, strict=True):
        # A ring fanned out at the edge of the département must not leave the canvas.
        x = min(max(x, marker_radius), width - marker_radius)
        y = min(max(y, marker_radius), height - FOOTER - marker_radius)
        kind = _SAFE_ID.sub("", marker.kind) or "member"
        circle = (
            f'<circle class="marker marker-{kind}" cx="{num(x)}" cy="{num(y)}" '
            f'r="{num(marker_radius)}" fill="{group_colour(marker.group)}"'
        )
        label = _text(marker.label)
        href = _safe_href(marker.href)
        if href:
            # The <title> of the link is its accessible name and its tooltip.
            out.append(f'<a href="{_text(href)}"><title>{label}</title>{circle}/></a>')
        else:
            out.append(f"{circle}><title>{label}</title></circle>")
    out.append("</g>")
    out.append(
        f'<text x="{num(width - 4)}" y="{num(height - 4)}" text-anchor="end" '
        f'font-family="sans-serif" font-size="9" fill="#555555">{_text(ATTRIBUTION)}</text>'
    )
    out.append("</svg>")
    return "".join(out)


_LABEL_SHIFTS = (0, -16, 16, -30, 30, -44, 44)  # px, up and down from the area's centre


def _area_labels(centres, markers: list[tuple[float, float]], radius: float) -> str:
    """The areas' names, each moved up or down from its centre until no marker covers
    it (the markers stay above, so a name never hides a member)."""
    if not centres:
        return ""
    out = ['<g aria-hidden="true" font-family="sans-serif" font-size="11" font-weight="bold">']
    for name, x, y in centres:
        half = 3.3 * len(name) + radius  # about half the text's width at 11 px, bold

        def covered(shift: float, x=x, y=y, half=half) -> int:
            top, bottom = y + shift - 9 - radius, y + shift + 3 + radius
            return sum(1 for mx, my in markers if abs(mx - x) <= half and top <= my <= bottom)

        shift = min(_LABEL_SHIFTS, key=lambda s: (covered(s), abs(s)))
        out.append(
            f'<text x="{num(x)}" y="{num(y + shift)}" text-anchor="middle" fill="#1A1A1A" '
            'stroke="#FFFFFF" stroke-width="3" stroke-linejoin="round" paint-order="stroke">'
            f"{_text(name)}</text>"
        )
    out.append("</g>")
    return "".join(out)


def _safe_href(href: str | None) -> str | None:
    # Links come from url_for in practice; refuse javascript:, data: and the like anyway.
    # Browsers ignore tabs and newlines inside a scheme, so check without them.
    if not href or not href.strip():
        return None
    scheme = _SCHEME.match(re.sub(r"[\x00-\x20]", "", href))
    if scheme and scheme.group(1).lower() not in {"http", "https", "mailto"}:
        return None
    return href.strip()
