"""Geography of the Pas-de-Calais: communes, distances and SVG maps.

Pure package: standard library and numpy only, no Flask and no database, so that the
matching code, the CLI and the benchmarks can use it alone. Data files are read on
first use (``entraide/data/``, sources and licence in ``SOURCES.md`` there).
"""

from entraide.geo.distance import distance_matrix_km, haversine_km, haversine_km_array
from entraide.geo.gazetteer import Commune, Gazetteer, get_gazetteer
from entraide.geo.svgmap import (
    ATTRIBUTION,
    MAP_CSS,
    Area,
    Marker,
    area_fill,
    group_colour,
    render_map,
)

__all__ = [
    "ATTRIBUTION",
    "MAP_CSS",
    "Area",
    "Commune",
    "Gazetteer",
    "Marker",
    "area_fill",
    "distance_matrix_km",
    "get_gazetteer",
    "group_colour",
    "haversine_km",
    "haversine_km_array",
    "render_map",
]
