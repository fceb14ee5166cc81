"""Is this file a logo we can show? A PNG, or an SVG with nothing active in it (pure).

The report is read by the funder and printed: a logo must draw, never run or fetch
anything. A PNG is decoded by Pillow (a corrupt or oversized one is refused); an SVG is
parsed by defusedxml (no entities, no external DTD) and refused, not cleaned, when it
holds a script, an event handler, a link, an animation or a reference outside itself:
what the coordination uploads is what the funder sees, or nothing.

The CSS is read the simple way, so what could hide a reference from that reading is
refused too: an escape (a backslash), ``image-set()``, a processing instruction
(``<?xml-stylesheet?>``), a document type other than the W3C's own, ``xml:base``. And a
logo must draw in reasonable time: the ``<use>`` are counted, may not point to another
``<use>``, and what the references copy (use, patterns, masks, markers) is bounded, so a
small file cannot ask the PDF for millions of shapes.
"""

import io
import re
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

MAX_LOGO_BYTES = 1024 * 1024
MAX_SIDE_PIXELS = 5000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
USE = f"{{{SVG_NS}}}use"
# The document types drawing editors write (Illustrator, old Inkscape): the W3C's own,
# named in full and with nothing declared inside. Any other one is refused.
W3C_DOCTYPES = frozenset(
    {
        (None, None),
        ("-//W3C//DTD SVG 1.1//EN", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"),
        (
            "-//W3C//DTD SVG 1.0//EN",
            "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd",
        ),
    }
)
# A logo draws in reasonable time: a few <use>, and at most this many shapes drawn again
# through references (use, patterns, masks, markers), beyond the file's own elements.
MAX_USES = 50
MAX_COPIED_ELEMENTS = 10_000
# Paint servers that draw no shape: a reference to them copies nothing.
GRADIENTS = frozenset({f"{{{SVG_NS}}}linearGradient", f"{{{SVG_NS}}}radialGradient"})
# Namespaces drawing editors add (Inkscape, Sodipodi, metadata): renderers ignore them.
INERT_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://ns.adobe.com/AdobeIllustrator/10.0/",
    }
)
SVG_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "path", "rect",
        "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "style",
        "image", "filter", "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix",
        "feFlood", "feComposite", "feMerge", "feMergeNode", "switch",
    }
)  # fmt: skip
# What an SVG may not hold, named in French for the message.
FORBIDDEN_ELEMENTS = {
    "script": "un script",
    "foreignObject": "du contenu HTML (foreignObject)",
    "a": "un lien",
    "animate": "une animation",
    "animateMotion": "une animation",
    "animateTransform": "une animation",
    "set": "une animation",
    "iframe": "un cadre (iframe)",
    "embed": "un objet incorporé",
    "object": "un objet incorporé",
}
_EMBEDDED_RASTER = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]*$")
_OUTSIDE_URL = re.compile(r"url\(\s*(?![\"']?#)", re.IGNORECASE)
_INSIDE_URL = re.compile(r"url\(\s*[\"']?#([^\"')\s]+)", re.IGNORECASE)


class LogoRefused(ValueError):
    """The file is not a logo we accept; the message says why, in French."""


@dataclass(frozen=True)
class Logo:
    media_type: str  # image/png or image/svg+xml
    width: int | None
    height: int | None


def inspect_logo(data: bytes) -> Logo:
    """The logo's type and size, or :class:`LogoRefused` saying what is wrong."""
    if not data:
        raise LogoRefused("Le fichier est vide.")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused("Le logo dépasse 1 Mo : enregistrez-le en plus petit.")
    if data.startswith(PNG_SIGNATURE):
        return _inspect_png(data)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")):
        return _inspect_svg(data)
    raise LogoRefused("Le logo doit être une image PNG ou SVG (le contenu du fichier est lu).")


def _inspect_png(data: bytes) -> Logo:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise LogoRefused("Ce fichier n'est pas une image PNG valide.")
            width, height = image.size
            if max(width, height) > MAX_SIDE_PIXELS:
                raise LogoRefused(
                    f"Le logo mesure {width} × {height} pixels : "
                    f"{MAX_SIDE_PIXELS} pixels de côté au plus."
                )
            image.verify()
    except LogoRefused:
        raise
    except Image.DecompressionBombError:
        raise LogoRefused("Cette image PNG est trop grande pour être lue.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise LogoRefused("Ce fichier PNG est abîmé ou incomplet.") from None
    return Logo("image/png", width, height)


def _inspect_svg(data: bytes) -> Logo:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise LogoRefused("Le fichier SVG doit être enregistré en UTF-8.") from None
    try:
        root = _parse(data)
    except DefusedXmlException:
        raise LogoRefused(
            "Ce fichier SVG déclare des entités XML : il n'est pas accepté. "
            "Enregistrez-le en « SVG simple » ou en PNG."
        ) from None
    except ParseError as error:
        raise LogoRefused(
            f"Ce fichier SVG n'est pas lisible (ligne {error.position[0]})."
        ) from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise LogoRefused("Ce fichier n'est pas une image SVG (l'élément « svg » manque).")
    for element in root.iter():
        _check_element(element)
    _check_references(root)
    return Logo("image/svg+xml", _length(root.get("width")), _length(root.get("height")))


def _parse(data: bytes):
    """The SVG's tree; refuses a processing instruction or a document type of its own."""
    parser = DefusedXMLParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    # Expat reports the XML declaration (<?xml version...?>) apart: any other processing
    # instruction (<?xml-stylesheet href=...?>) would have the viewer fetch or run something.
    parser.parser.ProcessingInstructionHandler = _refuse_instruction
    doctypes = []
    parser.parser.StartDoctypeDeclHandler = lambda *doctype: doctypes.append(doctype)
    parser.feed(data)
    root = parser.close()
    # Checked once parsed, so an entity declared inside says so (defusedxml refuses it).
    for name, system_id, public_id, has_internal_subset in doctypes:
        if name != "svg" or has_internal_subset or (public_id, system_id) not in W3C_DOCTYPES:
            raise _refused("une déclaration de type de document (DOCTYPE) autre que celle du SVG")
    return root


def _refuse_instruction(target, _data) -> None:
    raise _refused(f"une instruction de traitement (« <?{target} … ?> »)")


def _check_element(element) -> None:
    if not isinstance(element.tag, str):  # comments, processing instructions
        return
    namespace, _, name = element.tag[1:].partition("}") if element.tag[0] == "{" else ("", "", "")
    if namespace in INERT_NAMESPACES:
        return
    if namespace != SVG_NS:
        raise _refused(f"un élément étranger au SVG (« {element.tag} »)")
    if name in FORBIDDEN_ELEMENTS:
        raise _refused(FORBIDDEN_ELEMENTS[name])
    if name not in SVG_ELEMENTS:
        raise _refused(f"un élément non pris en charge (« {name} »)")
    if name == "style":
        # All its text: what follows a child element or a comment is CSS too.
        css = "".join(element.itertext())
        _check_css_syntax(css)
        if _unsafe_css(css):
            raise _refused("une feuille de style qui va chercher des ressources extérieures")
    for attribute, value in element.attrib.items():
        _check_attribute(name, attribute, value)


def _check_attribute(element: str, attribute: str, value: str) -> None:
    local = attribute.rsplit("}", 1)[-1]
    if attribute == f"{{{XML_NS}}}base":
        raise _refused("une adresse de base (« xml:base ») qui renvoie ailleurs")
    if not attribute.startswith("{"):  # style and presentation attributes are read as CSS
        _check_css_syntax(value)
    if local.lower().startswith("on"):
        raise _refused(f"un gestionnaire d'événement (« {local} »)")
    if local == "href":
        if element == "image" and _EMBEDDED_RASTER.match(value):
            return
        if not value.startswith("#"):
            raise _refused("une référence à une ressource extérieure")
    if _unsafe_css(value) or "javascript:" in value.lower():
        raise _refused("une référence à une ressource extérieure")


def _check_css_syntax(text: str) -> None:
    """Refuses the CSS that could spell a reference the simple reading does not see."""
    if "\\" in text:  # \75rl( is url(, @\69mport is @import
        raise _refused("un échappement CSS (caractère « \\ »)")
    if "image-set(" in text.lower():  # image-set("http://…") fetches without url()
        raise _refused("une image appelée par « image-set() »")


def _check_references(root) -> None:
    """Refuses the references that would have the logo drawn again and again: too many
    <use>, a <use> pointing to another one, a loop, or too many shapes copied."""
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    by_id = {element.get("id"): element for element in elements if element.get("id")}
    uses = [element for element in elements if element.tag == USE]
    if len(uses) > MAX_USES:
        raise _refused(f"plus de {MAX_USES} éléments « use » (copies d'un dessin)")
    for use in uses:
        target = by_id.get(_href(use)[1:])
        if target is not None and any(inner.tag == USE for inner in target.iter()):
            raise _refused("un élément « use » qui copie un autre « use » (copies en cascade)")

    def targets(element):
        names = [_href(element)[1:]] if _href(element).startswith("#") else []
        for attribute, value in element.attrib.items():
            if attribute not in ("href", f"{{{XLINK_NS}}}href"):
                names += _INSIDE_URL.findall(value)
        found = (by_id.get(name) for name in names)
        return [target for target in found if target is not None and target.tag not in GRADIENTS]

    # Shapes drawn by each element: itself, its children, and what it references, counted
    # depth first without recursion (a deep file must not exhaust Python's stack).
    limit = len(elements) + MAX_COPIED_ELEMENTS
    drawn: dict = {}
    stack = [(root, False)]
    while stack:
        element, children_done = stack.pop()
        if children_done:
            following = [*element, *targets(element)]
            drawn[element] = min(limit + 1, 1 + sum(drawn[item] for item in following))
            continue
        if element in drawn:
            continue
        drawn[element] = None  # being counted: meeting it again below is a loop
        stack.append((element, True))
        for item in [*element, *targets(element)]:
            if item in drawn and drawn[item] is None:
                raise _refused("une référence circulaire (un élément qui se copie lui-même)")
            stack.append((item, False))
    total = drawn[root]
    # A rule of a <style> sheet may apply to every element.
    for style in (element for element in elements if element.tag == f"{{{SVG_NS}}}style"):
        for name in _INSIDE_URL.findall("".join(style.itertext())):
            target = by_id.get(name)
            if target is not None and target.tag not in GRADIENTS:
                total += len(elements) * drawn[target]
    if total > limit:
        raise _refused("trop de formes copiées par des références (« use », motifs, masques)")


def _href(element) -> str:
    return element.get("href") or element.get(f"{{{XLINK_NS}}}href") or ""


def _unsafe_css(text: str) -> bool:
    lowered = text.lower()
    return bool(_OUTSIDE_URL.search(text)) or "@import" in lowered or "expression(" in lowered


def _refused(what: str) -> LogoRefused:
    return LogoRefused(
        f"Ce fichier SVG contient {what} : il n'est pas accepté. "
        "Enregistrez le logo en « SVG simple » ou en PNG."
    )


def _length(value: str | None) -> int | None:
    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$", value or "")
    return round(float(match.group(1))) if match else None
