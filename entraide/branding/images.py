"""Is this file a logo we can show? A PNG, or an SVG with nothing active in it (pure).

The report is read by the funder and printed: a logo must draw, never run or fetch
anything. A PNG is decoded by Pillow (a corrupt or oversized one is refused); an SVG is
parsed by defusedxml (no entities, no external DTD) and refused, not cleaned, when it
holds a script, an event handler, a link, an animation or a reference outside itself:
what the coordination uploads is what the funder sees, or nothing.
"""

import io
import re
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

MAX_LOGO_BYTES = 1024 * 1024
MAX_SIDE_PIXELS = 5000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
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
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
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
    return Logo("image/svg+xml", _length(root.get("width")), _length(root.get("height")))


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
    if name == "style" and _unsafe_css(element.text or ""):
        raise _refused("une feuille de style qui va chercher des ressources extérieures")
    for attribute, value in element.attrib.items():
        _check_attribute(name, attribute, value)


def _check_attribute(element: str, attribute: str, value: str) -> None:
    local = attribute.rsplit("}", 1)[-1]
    if local.lower().startswith("on"):
        raise _refused(f"un gestionnaire d'événement (« {local} »)")
    if local == "href":
        if element == "image" and _EMBEDDED_RASTER.match(value):
            return
        if not value.startswith("#"):
            raise _refused("une référence à une ressource extérieure")
    if _unsafe_css(value) or "javascript:" in value.lower():
        raise _refused("une référence à une ressource extérieure")


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
