"""Which files are accepted as the funder's logo: a PNG, or an SVG with nothing active."""

import io

import pytest
from PIL import Image

from entraide.branding.images import MAX_LOGO_BYTES, LogoRefused, inspect_logo

SVG_OPEN = b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'


def png(width=40, height=20, fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#005eb8").save(buffer, format=fmt)
    return buffer.getvalue()


def svg(body: bytes = b'<rect width="120" height="60" fill="#005eb8"/>', open_tag=SVG_OPEN):
    return open_tag + body + b"</svg>"


def test_a_png_is_accepted_with_its_size():
    logo = inspect_logo(png(40, 20))
    assert (logo.media_type, logo.width, logo.height) == ("image/png", 40, 20)


def test_a_plain_svg_is_accepted_with_its_size():
    logo = inspect_logo(svg())
    assert (logo.media_type, logo.width, logo.height) == ("image/svg+xml", 120, 60)


def test_an_inkscape_svg_with_its_editor_metadata_is_accepted():
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        b'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" viewBox="0 0 10 10">'
        b'<sodipodi:namedview inkscape:zoom="2"/><defs><linearGradient id="g">'
        b'<stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        b'<g inkscape:label="Calque 1"><path d="M0 0h10v10z" fill="url(#g)"/>'
        b'<use xlink:href="#g"/></g></svg>'
    )
    assert inspect_logo(data).media_type == "image/svg+xml"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (svg(b"<script>alert(1)</script>"), "un script"),
        (svg(b'<rect width="1" height="1" onclick="alert(1)"/>'), "gestionnaire d'événement"),
        (svg(b"", SVG_OPEN[:-1] + b' onload="alert(1)">'), "gestionnaire d'événement"),
        (
            svg(b'<image href="http://evil.example/x.png" width="1" height="1"/>'),
            "ressource extérieure",
        ),
        (
            svg(b'<use xmlns:x="http://www.w3.org/1999/xlink" x:href="file:///etc/passwd#a"/>'),
            "ressource extérieure",
        ),
        (svg(b"<style>rect { fill: url(http://evil.example/a) }</style>"), "feuille de style"),
        (svg(b'<rect style="background:url(//evil.example)"/>'), "ressource extérieure"),
        (svg(b'<a href="#x"><rect/></a>'), "un lien"),
        (svg(b"<foreignObject><div/></foreignObject>"), "foreignObject"),
        (svg(b'<set attributeName="href" to="javascript:alert(1)"/>'), "une animation"),
        (svg(b'<h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p>'), "élément étranger"),
    ],
)
def test_an_svg_with_anything_active_is_refused_and_the_reason_named(data, said):
    with pytest.raises(LogoRefused) as refused:
        inspect_logo(data)
    assert said in str(refused.value)
    assert "SVG simple" in str(refused.value)


def test_an_xml_bomb_is_refused_before_it_expands():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    )
    with pytest.raises(LogoRefused, match="entités XML"):
        inspect_logo(bomb)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "vide"),
        (png(fmt="GIF"), "PNG ou SVG"),
        (png(fmt="JPEG"), "PNG ou SVG"),
        (b"<html><script>alert(1)</script></html>", "PNG ou SVG"),
        (png()[:40], "abîmé"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "pas lisible"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', "élément « svg »"),
        (SVG_OPEN + "é".encode("latin-1") + b"</svg>", "UTF-8"),
        (png(6000, 10), "5000 pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * MAX_LOGO_BYTES, "1 Mo"),
    ],
)
def test_files_that_are_not_a_usable_png_or_svg_are_refused(data, said):
    with pytest.raises(LogoRefused) as refused:
        inspect_logo(data)
    assert said in str(refused.value)
