"""SVG maps: well-formed, accessible, escaped, CSP-friendly."""

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from entraide.geo import get_gazetteer
from entraide.geo.svgmap import ATTRIBUTION, PALETTE, Marker, group_colour, render_map

SVG = "{http://www.w3.org/2000/svg}"
LILLE = (50.63, 3.06)  # inside the bounding box of the Pas-de-Calais, outside its outline
NORD_ENCLAVE = (50.1427, 3.0406)  # in the hole of the outline


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _marker(name: str, **kwargs) -> Marker:
    commune = get_gazetteer().resolve(name)
    return Marker(commune.lat, commune.lon, kwargs.pop("label", commune.name), **kwargs)


@pytest.fixture(scope="module")
def towns() -> list[Marker]:
    names = ["Arras", "Lens", "Liévin", "Calais", "Boulogne-sur-Mer", "Hesdin", "Marconne"]
    return [_marker(n, group=i % 3, href=f"/organisations/{i}") for i, n in enumerate(names)]


def test_well_formed_with_title_and_desc(towns):
    root = _parse(render_map(towns, title="Groupes d'entraide"))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 600 420"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Groupes d'entraide"
    assert "7 points affichés" in desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_one_circle_per_marker_in_the_departement(towns):
    outside = [Marker(*LILLE, "Enercoop (Lille)"), Marker(48.85, 2.35, "Paris")]
    root = _parse(render_map([*towns, *outside]))
    assert len(root.findall(f".//{SVG}circle")) == len(towns)
    assert "2 points hors du Pas-de-Calais non affichés" in root.find(f"{SVG}desc").text


def test_markers_without_valid_coordinates_are_skipped():
    markers = [
        Marker(math.nan, 2.7, "NaN"),
        Marker(None, None, "Sans commune"),
        Marker(*NORD_ENCLAVE, "Enclave du Nord"),
        _marker("Arras"),
    ]
    root = _parse(render_map(markers))
    assert len(root.findall(f".//{SVG}circle")) == 1
    assert "3 points hors du Pas-de-Calais" in root.find(f"{SVG}desc").text


def test_every_commune_centre_is_drawn():
    markers = [Marker(c.lat, c.lon, c.name) for c in get_gazetteer().communes()]
    assert render_map(markers, marker_radius=1).count("<circle") == 890


def test_labels_are_escaped():
    evil = '<script>alert("x")</script> & Cie'
    svg = render_map([_marker("Arras", label=evil)], title="<b>Titre</b>")
    assert "<script" not in svg and "<b>" not in svg
    root = _parse(svg)
    assert root.find(f".//{SVG}circle/{SVG}title").text == evil
    assert root.find(f"{SVG}title").text == "<b>Titre</b>"


def test_control_characters_do_not_break_xml():
    root = _parse(render_map([_marker("Arras", label="Coop\x00\x1bérative")]))
    assert root.find(f".//{SVG}circle/{SVG}title").text == "Coopérative"


def test_links_have_their_own_title_and_keep_the_svg_reachable():
    svg = render_map([_marker("Lens", href="/groupes/3?vue=carte&x=1")])
    root = _parse(svg)
    link = root.find(f".//{SVG}a")
    assert link.get("href") == "/groupes/3?vue=carte&x=1"
    assert link.find(f"{SVG}title").text == "Lens"
    assert link.find(f"{SVG}circle") is not None
    # role="img" would hide the links from assistive technology.
    assert root.get("role") == "group"
    assert _parse(render_map([_marker("Lens")])).get("role") == "img"


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x"],
)
def test_dangerous_links_are_dropped(href):
    root = _parse(render_map([_marker("Lens", href=href)]))
    assert root.find(f".//{SVG}a") is None
    assert len(root.findall(f".//{SVG}circle")) == 1


def test_colours_by_group_and_kind_class():
    markers = [_marker("Arras", group=0), _marker("Calais", group=8, kind="offre"), _marker("Lens")]
    circles = _parse(render_map(markers)).findall(f".//{SVG}circle")
    assert [c.get("fill") for c in circles] == [PALETTE[0], PALETTE[1], group_colour(None)]
    assert circles[1].get("class") == "marker marker-offre"
    assert "Couleur selon le groupe (2 groupes)" in render_map(markers)


def test_csp_friendly_and_compact(towns):
    svg = render_map(towns)
    assert "style=" not in svg and "<script" not in svg and "<style" not in svg
    assert not re.search(r"\d\.\d{2}", svg)  # one decimal at most
    assert len(svg) < 25_000


def test_outline_with_its_hole_and_attribution(towns):
    root = _parse(render_map(towns))
    outline = root.find(f"{SVG}g/{SVG}path")
    assert outline.get("fill-rule") == "evenodd"
    assert outline.get("d").count("M") == 2  # the département and the Nord enclave
    assert root.find(f"{SVG}text").text == ATTRIBUTION
    without_epci = _parse(render_map(towns, show_epci=False))
    assert len(without_epci.findall(f"{SVG}g/{SVG}path")) == 1


def test_markers_stay_inside_the_canvas(towns):
    west = min(get_gazetteer().communes(), key=lambda c: c.lon)
    crowd = [Marker(west.lat, west.lon, f"Coop {i}") for i in range(12)]  # a wide ring
    for width, height in [(600, 420), (320, 240), (900, 300)]:
        root = _parse(render_map([*towns, *crowd], width=width, height=height, marker_radius=12))
        for circle in root.iter(f"{SVG}circle"):
            assert 12 <= float(circle.get("cx")) <= width - 12
            assert 12 <= float(circle.get("cy")) <= height - 14 - 12


def test_markers_at_the_same_place_are_fanned_out():
    markers = [_marker("Lens", label=f"Coop {i}") for i in range(4)]
    circles = _parse(render_map(markers, marker_radius=5)).findall(f".//{SVG}circle")
    positions = [(float(c.get("cx")), float(c.get("cy"))) for c in circles]
    assert len(set(positions)) == 4
    for i, (x1, y1) in enumerate(positions):
        for x2, y2 in positions[i + 1 :]:
            assert math.hypot(x1 - x2, y1 - y2) >= 2 * 5 - 0.2  # circles do not overlap


def test_map_ids_are_configurable_and_sanitised():
    root = _parse(render_map([], map_id='carte "2"'))
    assert root.find(f"{SVG}title").get("id") == "carte2-titre"
    assert "aucun point" in root.find(f"{SVG}desc").text


def test_static_layers_are_cached(towns):
    from entraide.geo import basemap

    first = basemap.static_layers(600, 420, True)
    render_map(towns)
    assert basemap.static_layers(600, 420, True) is first


def test_geo_package_imports_neither_flask_nor_sqlalchemy():
    code = (
        "import sys, entraide.geo, entraide.text; "
        "from entraide.geo import get_gazetteer, render_map; get_gazetteer(); render_map([]); "
        "roots = {m.split('.')[0] for m in sys.modules}; "
        "bad = roots & {'flask', 'sqlalchemy', 'flask_sqlalchemy'}; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _areas():
    from entraide.geo.svgmap import Area, area_fill

    epcis: dict[str, set[str]] = {}
    for commune in get_gazetteer().communes():
        epcis.setdefault(commune.territoire, set()).add(commune.epci_siren)
    return tuple(
        Area(name, tuple(sorted(sirens)), area_fill(i))
        for i, (name, sirens) in enumerate(sorted(epcis.items()))
    )


def test_areas_are_filled_outlined_named_and_described(towns):
    areas = _areas()
    svg = render_map(towns, areas=areas)
    root = _parse(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {a.name for a in areas} <= set(texts)
    fills = {p.get("fill") for p in root.iter(f"{SVG}path")}
    assert {a.fill for a in areas} <= fills
    assert 'stroke-width="1.8"' in svg  # the borders between areas
    desc = root.find(f"{SVG}desc").text
    assert "fond coloré et nommé selon le territoire (Arrageois, Artois" in desc
    assert "style=" not in svg and "<script" not in svg


def test_an_area_name_moves_off_the_markers():
    from entraide.geo.basemap import _fit, area_centres

    areas = _areas()
    _, x, y = next(c for c in area_centres(600, 420, areas) if c[0] == "Arrageois")
    project = _fit(600, 420)
    lat, lon = (
        project.lat_max - (y - project.y0) / project.ky,
        project.lon_min + (x - project.x0) / project.kx,
    )

    def label_y(markers) -> float:
        root = _parse(render_map(markers, areas=areas))
        label = next(t for t in root.iter(f"{SVG}text") if t.text == "Arrageois")
        assert float(label.get("x")) == pytest.approx(x, abs=0.1)
        return float(label.get("y"))

    assert label_y([]) == pytest.approx(y, abs=0.1)
    assert abs(label_y([Marker(lat, lon, "Sur le nom")]) - y) >= 16
