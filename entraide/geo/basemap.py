"""The base map of the Pas-de-Calais: its outline and EPCI borders, projected to pixels.

Projection: equirectangular, longitudes shrunk by cos(mean latitude) so that shapes are
not stretched east-west; over a département 100 km high its error is invisible at web
sizes and, unlike a real map projection, it needs no dependency.
"""

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ..text import svg_text

_OUTLINE_FILE = "departement-62-outline.geojson"
_EPCI_FILE = "epci-62-simplified.geojson"
FOOTER = 14.0  # px reserved under the map for the attribution line
_PADDING = 8.0

Ring = list[tuple[float, float]]  # (lon, lat) pairs
BBox = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


@dataclass(frozen=True, slots=True)
class Projection:
    """Maps (lat, lon) to SVG pixels; fitted to the outline's bounding box."""

    lon_min: float
    lat_max: float
    kx: float  # px per degree of longitude (already multiplied by cos(mean latitude))
    ky: float  # px per degree of latitude
    x0: float
    y0: float

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return self.x0 + (lon - self.lon_min) * self.kx, self.y0 + (self.lat_max - lat) * self.ky


@dataclass(frozen=True, slots=True)
class Area:
    """A region made of whole EPCIs (their SIREN codes), drawn under the markers: filled
    with ``fill``, outlined where it meets another region, and named at its centre."""

    name: str
    epcis: tuple[str, ...]
    fill: str


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


@cache
def _epci_rings() -> dict[str, list[Ring]]:
    """The rings of each EPCI, by SIREN code."""
    rings: dict[str, list[Ring]] = defaultdict(list)
    for feature in _read_geojson(_EPCI_FILE)["features"]:
        rings[str(feature["properties"]["epci"])] += _rings(feature["geometry"])
    return dict(rings)


def _segments(ring: Ring) -> Iterable[frozenset]:
    return (frozenset(seg) for seg in zip(ring, ring[1:], strict=False))


def _shared_borders(rings: list[Ring]) -> list[Ring]:
    """Chain the segments that two EPCIs share into polylines, each drawn once.

    The EPCIs were dissolved from communes whose borders are shared exactly, so an
    inner border appears twice with the same vertices and the outer edge once (it is
    the outline, drawn separately). Drawing each inner border once halves the SVG.
    """
    counts = Counter(seg for ring in rings for seg in _segments(ring))
    return _chain(seg for seg, count in counts.items() if count >= 2)


def _chain(segments: Iterable[frozenset]) -> list[Ring]:
    """Chain segments into polylines that break at junctions (three lines or more)."""
    neighbours: dict[tuple[float, float], list[tuple[float, float]]] = defaultdict(list)
    for seg in segments:
        if len(seg) == 2:
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


def inside_outline(lat: float, lon: float) -> bool:
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


def _fit(width: float, height: float) -> Projection:
    lon_min, lat_min, lon_max, lat_max = _geometry()[2]
    shrink = math.cos(math.radians((lat_min + lat_max) / 2))
    avail_w = max(1.0, width - 2 * _PADDING)
    avail_h = max(1.0, height - 2 * _PADDING - FOOTER)
    scale = min(avail_w / ((lon_max - lon_min) * shrink), avail_h / (lat_max - lat_min))
    # Centre the map in the available area; the footer stays at the bottom.
    x0 = _PADDING + (avail_w - (lon_max - lon_min) * shrink * scale) / 2
    y0 = _PADDING + (avail_h - (lat_max - lat_min) * scale) / 2
    return Projection(lon_min, lat_max, scale * shrink, scale, x0, y0)


def num(value: float) -> str:
    # One decimal is a tenth of a pixel: invisible, and it halves the SVG size.
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _path_data(rings: list[Ring], project: Projection, *, closed: bool) -> str:
    parts = []
    for ring in rings:
        points: list[str] = []
        for lon, lat in ring:
            x, y = project(lat, lon)
            point = f"{num(x)},{num(y)}"
            if not points or points[-1] != point:  # rounding merges close vertices
                points.append(point)
        if len(points) >= (3 if closed else 2):
            parts.append("M" + " ".join(points) + ("Z" if closed else ""))
    return "".join(parts)


def _area_borders(areas: tuple[Area, ...]) -> list[Ring]:
    """The borders between two areas, or between an area and an EPCI in none."""
    owner = {siren: index for index, area in enumerate(areas) for siren in area.epcis}
    sides: dict[frozenset, set] = defaultdict(set)
    counts: Counter[frozenset] = Counter()
    for siren, rings in _epci_rings().items():
        for ring in rings:
            for seg in _segments(ring):
                sides[seg].add(owner.get(siren, ("epci", siren)))
                counts[seg] += 1
    return _chain(seg for seg, count in counts.items() if count >= 2 and len(sides[seg]) == 2)


def _centre(rings: list[Ring], project: Projection) -> tuple[float, float] | None:
    """Area-weighted centroid of the rings, in pixels (shoelace formula)."""
    total = cx = cy = 0.0
    for ring in rings:
        points = [project(lat, lon) for lon, lat in ring]
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            cross = x1 * y2 - x2 * y1
            total += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if abs(total) < 1e-9:
        return None
    return cx / (3 * total), cy / (3 * total)


def _area_layers(areas: tuple[Area, ...], project: Projection) -> tuple[str, str]:
    """The areas' fills, and their borders (drawn above the EPCI borders)."""
    epcis = _epci_rings()
    fills = []
    for area in areas:
        rings = [ring for siren in area.epcis for ring in epcis.get(siren, [])]
        if rings:
            fills.append(
                f'<path d="{_path_data(rings, project, closed=True)}" '
                f'fill="{svg_text(area.fill)}" fill-rule="evenodd" stroke="none"/>'
            )
    borders = (
        f'<path d="{_path_data(_area_borders(areas), project, closed=False)}" fill="none" '
        'stroke="#3A3A3A" stroke-width="1.8" stroke-linejoin="round"/>'
    )
    return "".join(fills), borders


@lru_cache(maxsize=16)
def area_centres(
    width: int, height: int, areas: tuple[Area, ...]
) -> tuple[tuple[str, float, float], ...]:
    """Where each area's name goes by default: its area-weighted centre, in pixels."""
    project = _fit(width, height)
    epcis = _epci_rings()
    centres = []
    for area in areas:
        rings = [ring for siren in area.epcis for ring in epcis.get(siren, [])]
        centre = _centre(rings, project) if rings else None
        if centre is not None:
            centres.append((area.name, centre[0], centre[1]))
    return tuple(centres)


@lru_cache(maxsize=16)
def static_layers(
    width: int, height: int, show_epci: bool, areas: tuple[Area, ...] = ()
) -> tuple[Projection, str]:
    """Projection and SVG of the outline, the areas and the EPCI borders, computed once
    per size (and set of areas)."""
    project = _fit(width, height)
    outline, borders, _ = _geometry()
    # aria-hidden: the background is described by <desc>; only markers carry information.
    layers = [
        '<g aria-hidden="true">',
        f'<path d="{_path_data(outline, project, closed=True)}" fill="#F3F1EA" '
        'fill-rule="evenodd" stroke="#5F5F5F" stroke-width="1.2" stroke-linejoin="round"/>',
    ]
    fills, above = _area_layers(areas, project) if areas else ("", "")
    layers.append(fills)
    if show_epci:
        layers.append(
            f'<path d="{_path_data(borders, project, closed=False)}" fill="none" '
            'stroke="#A8A8A8" stroke-width="0.7" stroke-linejoin="round"/>'
        )
    layers.append(above)
    layers.append("</g>")
    return project, "".join(layers)
