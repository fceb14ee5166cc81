"""Inline SVG maps of the Pas-de-Calais with markers (stdlib only, no script, no style attribute).

The output is meant to be inserted as is in a Jinja template (``|safe``) under a strict
Content-Security-Policy: colours are SVG presentation attributes (``fill``, ``stroke``),
which CSP does not treat as inline styles, and every text from the caller is escaped.

Projection: equirectangular, longitudes shrunk by cos(mean latitude) so that shapes are
not stretched east-west; over a département 100 km high its error is invisible at web
sizes and, unlike a real map projection, it needs no dependency.
"""

import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

__all__ = ["ATTRIBUTION", "MAP_CSS", "PALETTE", "Marker", "group_colour", "render_map"]

ATTRIBUTION = "Source : IGN – ADMIN EXPRESS COG ; INSEE – COG 2024"

# Okabe-Ito palette without its black (too close to the markers' outline), reordered so that
# the first groups get the most distinct hues. Readable with the common colour vision
# deficiencies; the dark stroke around markers keeps the yellow visible on the light fill.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442")
UNGROUPED_FILL = "#5A5A5A"

# Optional rules for the app's stylesheet (classes only, so CSP-safe): keyboard focus
# and hover made visible on linked markers, and a map that shrinks on small screens.
MAP_CSS = """\
svg.carte-62 { max-width: 100%; height: auto; }
svg.carte-62 a:hover circle, svg.carte-62 a:focus circle { stroke-width: 3; }
svg.carte-62 a:focus { outline: 2px solid #000; }
"""

_OUTLINE_FILE = "departement-62-outline.geojson"
_EPCI_FILE = "epci-62-simplified.geojson"
_FOOTER = 14.0  # px reserved under the map for the attribution line
_PADDING = 8.0
_MAX_CLUSTER = 12  # markers fanned out around one point at most
# XML 1.0 forbids most control characters even when escaped: drop them from labels.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")

Ring = list[tuple[float, float]]  # (lon, lat) pairs
BBox = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


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


@dataclass(frozen=True, slots=True)
class _Projection:
    """Maps (lat, lon) to SVG pixels; fitted to the outline's bounding box."""

    lon_min: float
    lat_max: float
    kx: float  # px per degree of longitude (already multiplied by cos(mean latitude))
    ky: float  # px per degree of latitude
    x0: float
    y0: float

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return self.x0 + (lon - self.lon_min) * self.kx, self.y0 + (self.lat_max - lat) * self.ky


def _read_geojson(name: str) -> dict:
    return json.loads((resources.files("entraide") / "data" / name).read_text(encoding="utf-8"))


def _rings(geometry: dict) -> list[Ring]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [[(p[0], p[1]) for p in ring] for polygon in polygons for ring in polygon]


@cache
def _geometry() -> tuple[list[Ring], list[Ring], BBox]:
    """Outline rings, inner EPCI borders and the outline's bounding box, read once."""
    outline = _rings(_read_geojson(_OUTLINE_FILE)["features"][0]["geometry"])
    epci_rings = [r for f in _read_geojson(_EPCI_FILE)["features"] for r in _rings(f["geometry"])]
    points = [p for ring in outline for p in ring]
    bbox = (min(p[0] for p in points), min(p[1] for p in points))
    bbox += (max(p[0] for p in points), max(p[1] for p in points))
    return outline, _shared_borders(epci_rings), bbox


def _shared_borders(rings: list[Ring]) -> list[Ring]:
    """Chain the segments that two EPCIs share into polylines, each drawn once.

    The EPCIs were dissolved from communes whose borders are shared exactly, so an
    inner border appears twice with the same vertices and the outer edge once (it is
    the outline, drawn separately). Drawing each inner border once halves the SVG.
    """
    counts = Counter(frozenset(seg) for ring in rings for seg in zip(ring, ring[1:], strict=False))
    neighbours: dict[tuple[float, float], list[tuple[float, float]]] = defaultdict(list)
    for seg, count in counts.items():
        if count >= 2 and len(seg) == 2:
            a, b = sorted(seg)
            neighbours[a].append(b)
            neighbours[b].append(a)
    used: set[frozenset] = set()

    def walk(start: tuple[float, float], step: tuple[float, float]) -> Ring:
        line = [start]
        while frozenset((line[-1], step)) not in used:
            used.add(frozenset((line[-1], step)))
            line.append(step)
            ahead = [p for p in neighbours[step] if frozenset((step, p)) not in used]
            if len(neighbours[step]) != 2 or not ahead:  # a junction of three EPCIs, or a loop
                break
            step = ahead[0]
        return line

    lines = []
    # Start from junctions first so that lines break there, then take the closed loops.
    nodes = sorted(neighbours, key=lambda n: (len(neighbours[n]) == 2, n))
    for node in nodes:
        for step in neighbours[node]:
            if frozenset((node, step)) not in used:
                lines.append(walk(node, step))
    return lines


def _inside_outline(lat: float, lon: float) -> bool:
    """Even-odd ray casting on the outline rings (so the Nord enclave is outside)."""
    outline, _, (lon_min, lat_min, lon_max, lat_max) = _geometry()
    # Bounding box first: cheap, and NaN fails every comparison so it lands outside.
    if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        return False
    inside = False
    for ring in outline:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _fit(width: float, height: float) -> _Projection:
    lon_min, lat_min, lon_max, lat_max = _geometry()[2]
    shrink = math.cos(math.radians((lat_min + lat_max) / 2))
    avail_w = max(1.0, width - 2 * _PADDING)
    avail_h = max(1.0, height - 2 * _PADDING - _FOOTER)
    scale = min(avail_w / ((lon_max - lon_min) * shrink), avail_h / (lat_max - lat_min))
    # Centre the map in the available area; the footer stays at the bottom.
    x0 = _PADDING + (avail_w - (lon_max - lon_min) * shrink * scale) / 2
    y0 = _PADDING + (avail_h - (lat_max - lat_min) * scale) / 2
    return _Projection(lon_min, lat_max, scale * shrink, scale, x0, y0)


def _num(value: float) -> str:
    # One decimal is a tenth of a pixel: invisible, and it halves the SVG size.
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _path_data(rings: list[Ring], project: _Projection, *, closed: bool) -> str:
    parts = []
    for ring in rings:
        points: list[str] = []
        for lon, lat in ring:
            x, y = project(lat, lon)
            point = f"{_num(x)},{_num(y)}"
            if not points or points[-1] != point:  # rounding merges close vertices
                points.append(point)
        if len(points) >= (3 if closed else 2):
            parts.append("M" + " ".join(points) + ("Z" if closed else ""))
    return "".join(parts)


@lru_cache(maxsize=16)
def _static_layers(width: int, height: int, show_epci: bool) -> tuple[_Projection, str]:
    """Projection and SVG of the outline and EPCI borders, computed once per size."""
    project = _fit(width, height)
    outline, borders, _ = _geometry()
    # aria-hidden: the background is described by <desc>; only markers carry information.
    layers = [
        '<g aria-hidden="true">',
        f'<path d="{_path_data(outline, project, closed=True)}" fill="#F3F1EA" '
        'fill-rule="evenodd" stroke="#5F5F5F" stroke-width="1.2" stroke-linejoin="round"/>',
    ]
    if show_epci:
        layers.append(
            f'<path d="{_path_data(borders, project, closed=False)}" fill="none" '
            'stroke="#A8A8A8" stroke-width="0.7" stroke-linejoin="round"/>'
        )
    layers.append("</g>")
    return project, "".join(layers)


def _text(value: object) -> str:
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def _spread(points: list[tuple[float, float]], radius: float) -> list[tuple[float, float]]:
    """Fan out markers that would overlap (same or neighbouring commune) on a small ring.

    Several organisations of one town share the commune's centre: without this only
    the top marker could be seen or hovered. Overlapping rings are merged, up to
    ``_MAX_CLUSTER`` markers, beyond which a ring would move markers too far.
    """
    clusters = [[i] for i in range(len(points))]
    centres = list(points)
    changed = True
    while changed:  # a merged ring is larger and may now touch another one
        changed = False
        for a in range(len(clusters)):
            b = a + 1
            while a < len(clusters) and b < len(clusters):
                count = len(clusters[a]) + len(clusters[b])
                (xa, ya), (xb, yb) = centres[a], centres[b]
                reach = _ring(len(clusters[a]), radius) + _ring(len(clusters[b]), radius)
                if count <= _MAX_CLUSTER and math.hypot(xa - xb, ya - yb) < reach + 1.8 * radius:
                    clusters[a] += clusters.pop(b)
                    del centres[b]
                    centres[a] = _centre(points, clusters[a])
                    changed = True
                else:
                    b += 1
    result = list(points)
    for cluster, (cx, cy) in zip(clusters, centres, strict=True):
        if len(cluster) > 1:
            ring = _ring(len(cluster), radius)
            for k, index in enumerate(cluster):
                angle = 2 * math.pi * k / len(cluster) - math.pi / 2
                result[index] = (cx + ring * math.cos(angle), cy + ring * math.sin(angle))
    return result


def _centre(points: list[tuple[float, float]], indices: list[int]) -> tuple[float, float]:
    xs, ys = zip(*(points[i] for i in indices), strict=True)
    return sum(xs) / len(xs), sum(ys) / len(ys)


def _ring(count: int, radius: float) -> float:
    # Radius of the ring for ``count`` markers: neighbours about 2.5 radii apart.
    return 0.0 if count == 1 else radius * max(1.2, 0.42 * count)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _description(shown: list[Marker], skipped: int, show_epci: bool, extra: str | None) -> str:
    parts = [extra.strip()] if extra and extra.strip() else []
    layers = "Contour du département" + (" et limites des intercommunalités" if show_epci else "")
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
) -> str:
    """Return an accessible inline ``<svg>`` of the Pas-de-Calais with ``markers``.

    Markers outside the département's outline (or without coordinates) are skipped
    and counted in the ``<desc>``. ``map_id`` prefixes the ids used by
    ``aria-labelledby``: give each map of a page its own. ``description`` is put
    before the generated text of ``<desc>``.
    """
    project, static = _static_layers(int(width), int(height), bool(show_epci))
    base_id = _SAFE_ID.sub("", map_id) or "carte-62"

    shown: list[Marker] = []
    points: list[tuple[float, float]] = []
    for marker in markers:
        try:
            lat, lon = float(marker.lat), float(marker.lon)
        except (TypeError, ValueError):  # no commune, hence no coordinates
            continue
        if _inside_outline(lat, lon):
            shown.append(marker)
            points.append(project(lat, lon))
    skipped = len(markers) - len(shown)
    positions = _spread(points, marker_radius)

    # role="img" hides children from assistive technology, which would also hide the
    # links: with links the SVG is a group whose links stay reachable.
    has_links = any(_safe_href(m.href) for m in shown)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="carte-62" '
        f'width="{int(width)}" height="{int(height)}" viewBox="0 0 {int(width)} {int(height)}" '
        f'role="{"group" if has_links else "img"}" '
        f'aria-labelledby="{base_id}-titre {base_id}-desc">',
        f'<title id="{base_id}-titre">{_text(title)}</title>',
        f'<desc id="{base_id}-desc">'
        f"{_text(_description(shown, skipped, show_epci, description))}</desc>",
        static,
        '<g stroke="#1A1A1A" stroke-width="1">',
    ]
    for marker, (x, y) in zip(shown, positions, strict=True):
        # A ring fanned out at the edge of the département must not leave the canvas.
        x = min(max(x, marker_radius), width - marker_radius)
        y = min(max(y, marker_radius), height - _FOOTER - marker_radius)
        kind = _SAFE_ID.sub("", marker.kind) or "member"
        circle = (
            f'<circle class="marker marker-{kind}" cx="{_num(x)}" cy="{_num(y)}" '
            f'r="{_num(marker_radius)}" fill="{group_colour(marker.group)}"'
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
        f'<text x="{_num(width - 4)}" y="{_num(height - 4)}" text-anchor="end" '
        f'font-family="sans-serif" font-size="9" fill="#555555">{_text(ATTRIBUTION)}</text>'
    )
    out.append("</svg>")
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
