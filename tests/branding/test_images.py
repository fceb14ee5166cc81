"""Which files are accepted as the funder's logo: a PNG, or an SVG with nothing active."""

import io
import time

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


@pytest.mark.parametrize(
    ("data", "said"),
    [
        # CSS after a child element or a comment of <style> is read by the browser too.
        (svg(b"<style><g/>@import url(http://evil.example/a.css);</style>"), "feuille de style"),
        (
            svg(b"<style>a{}<title/>rect{fill:url(http://evil.example/y#a)}</style>"),
            "feuille de style",
        ),
        (svg(b"<style>a{}<!-- c -->@import url(http://evil.example/a.css);</style>"), "style"),
        # An escape spells what the reading would refuse.
        (svg(b'<style>@\\69mport "http://evil.example/a.css";</style>'), "échappement CSS"),
        (svg(b'<rect style="fill:\\75rl(http://evil.example/y#a)"/>'), "échappement CSS"),
        (svg(b'<rect fill="\\75rl(http://evil.example/y#a)"/>'), "échappement CSS"),
        # image-set() fetches from a plain string, without url().
        (
            svg(b"<rect style=\"mask-image:image-set('http://evil.example/y.png' 1x)\"/>"),
            "image-set()",
        ),
        (
            svg(
                b'<style>rect{mask-image:-webkit-image-set("http://evil.example/y.png" 1x)}</style>'
            ),
            "image-set()",
        ),
        (
            b'<?xml version="1.0"?><?xml-stylesheet type="text/css" href="http://evil.example/a.css"?>'
            + svg(),
            "instruction de traitement",
        ),
        (svg(b"<style>a{}<?p x?>@import url(http://evil.example/a.css);</style>"), "instruction"),
        (b'<!DOCTYPE svg SYSTEM "http://evil.example/e.dtd">' + svg(), "DOCTYPE"),
        (b'<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>' + svg(), "DOCTYPE"),
        (svg(b"", SVG_OPEN[:-1] + b' xml:base="http://evil.example/">'), "xml:base"),
    ],
)
def test_what_could_hide_an_outside_reference_is_refused_and_named(data, said):
    with pytest.raises(LogoRefused) as refused:
        inspect_logo(data)
    assert said in str(refused.value)
    assert "SVG simple" in str(refused.value)


def use_bomb(levels: int, per_level: int = 10) -> bytes:
    """Each group copies the previous one ten times: 10 ** levels shapes, under 1 Ko."""
    parts = [b'<g id="l0"><rect width="1" height="1"/></g>']
    for level in range(1, levels):
        parts.append(
            f'<g id="l{level}">'.encode()
            + f'<use href="#l{level - 1}"/>'.encode() * per_level
            + b"</g>"
        )
    return svg(b"<defs>" + b"".join(parts) + f'</defs><use href="#l{levels - 1}"/>'.encode())


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (use_bomb(6), "plus de 50 éléments « use »"),
        (use_bomb(3), "un élément « use » qui copie un autre « use »"),
        (svg(b'<g id="a"><rect width="1" height="1"/><use href="#a"/></g>'), "copie un autre"),
        # Patterns filled with themselves, or copies of a big drawing: no <use> chain needed.
        (
            svg(b'<pattern id="p" width="1" height="1"><rect fill="url(#p)"/></pattern>'),
            "référence circulaire",
        ),
        (
            svg(
                b'<defs><g id="big">'
                + b'<rect width="1" height="1"/>' * 400
                + b"</g></defs>"
                + b'<use href="#big"/>' * 40
            ),
            "trop de formes copiées",
        ),
    ],
)
def test_a_logo_that_would_take_ages_to_draw_is_refused_at_once(data, said):
    started = time.monotonic()
    with pytest.raises(LogoRefused) as refused:
        inspect_logo(data)
    assert said in str(refused.value)
    assert time.monotonic() - started < 1


def test_a_few_copies_of_a_drawing_with_its_gradient_are_accepted():
    data = svg(
        b'<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        b'<linearGradient id="h" href="#g"/><clipPath id="c"><rect width="9" height="9"/>'
        b'</clipPath><g id="leaf"><path d="M0 0h5v5z" fill="url(#h)" clip-path="url(#c)"/>'
        b"</g></defs>" + b'<use href="#leaf" x="10"/>' * 50
    )
    assert inspect_logo(data).media_type == "image/svg+xml"


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
