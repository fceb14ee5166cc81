"""Text shared by the gazetteer, the charts, the map, the pages, the mails and the report.

Comparison keys, caller text made safe inside SVG, and the French display of numbers,
amounts, hours, dates and times (Babel's French locale; times stored in naive UTC are
shown in Europe/Paris), plurals and shortened texts. Stdlib, Babel and tzdata only.

``normalise_key`` builds comparison keys, never display text: two strings that a
French reader would consider "the same name" (case, accents, hyphens, apostrophes,
spacing) get the same key. The web app reuses it to keep organisation names unique
regardless of such variations, so changing it changes which names collide: keep it
conservative and covered by tests.
"""

import html
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency, format_decimal
from babel.plural import PluralRule

__all__ = [
    "LOCAL_TZ",
    "NAME_KEY_MAX",
    "NAME_SKELETON_MAX",
    "Hours",
    "clean_name",
    "confusable_skeleton",
    "format_date",
    "format_datetime",
    "format_euros",
    "format_hours",
    "format_long_date",
    "format_number",
    "format_time",
    "format_wall_time",
    "local_day_end",
    "local_day_start",
    "local_datetime",
    "plural",
    "name_shape_problem",
    "normalise_key",
    "shorten",
    "svg_text",
]

# Hyphen-like and apostrophe-like characters that French names use interchangeably
# with a space ("Le Touquet-Paris-Plage", "Camblain-l'Abbé", typographic ’ from word
# processors, en dashes pasted from documents).
_SEPARATORS = re.compile(
    "[\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212'\u2019\u2018\u02bc\u00b4`]",
)

# Ligatures are not split by Unicode decomposition, yet "Cœur" and "Coeur" are the
# same word to anyone typing on a keyboard without an œ key.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def normalise_key(text: str) -> str:
    """Return a comparison key: casefolded, without accents, single-spaced.

    Hyphens and apostrophes become spaces, runs of whitespace collapse to one space
    and the result is stripped. Other punctuation is kept on purpose: it may be
    meaningful in an organisation name.

    >>> normalise_key("  Le Touquet-Paris-Plage ")
    'le touquet paris plage'
    >>> normalise_key("LIÉVIN") == normalise_key("lievin")
    True
    >>> normalise_key("Camblain-l’Abbé")
    'camblain l abbe'
    """
    # NFKD both before and after casefold: it turns compatibility characters ("𝓐", "ﬁ")
    # into letters that casefold then lowers, and splits what casefold produces
    # ("İ" -> "i̇") so that dropping combining marks removes every accent.
    folded = unicodedata.normalize("NFKD", text).casefold().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = _SEPARATORS.sub(" ", stripped)
    # str.split() without argument splits on every Unicode space (including the
    # no-break space of French typography) and drops empty parts.
    return " ".join(spaced.split())


# Characters XML 1.0 forbids (an SVG with one of them does not display at all).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def svg_text(value: object) -> str:
    """Text or attribute value for an inline SVG: escaped, without XML-forbidden characters."""
    return html.escape(_XML_FORBIDDEN.sub("", str(value)), quote=True)


# Parsed once: Babel would parse the name again at every number (a page shows hundreds).
LOCALE = Locale.parse("fr_FR")
# Babel's French grouping separator: a narrow no-break space.
_GROUP = "\u202f"
# Where the network is: every stored time (naive UTC, see models/_base.py) is shown there.
LOCAL_TZ = ZoneInfo("Europe/Paris")


class Hours(Decimal):
    """A number of hours, so that tables and sheets show it as hours (not as an amount)."""


def format_number(value, max_decimals: int | None = None) -> str:
    """French display: 1 234,5 (a narrow no-break space groups thousands).

    Integers as such, amounts (Decimal) with two decimals unless whole, floats with one;
    :class:`Hours` with up to two decimals (1,5, 1,25); ``max_decimals`` says how many
    decimals at most instead (0,15 with 2), without trailing zeros.
    """
    if max_decimals is not None:
        pattern = "#,##0." + "#" * max_decimals if max_decimals else "#,##0"
        return format_decimal(value, format=pattern, locale=LOCALE)
    if isinstance(value, Hours):
        return format_decimal(value, format="#,##0.##", locale=LOCALE)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, int):
        # What format_decimal(value, "#,##0") gives, without its pattern machinery.
        return f"{value:,}".replace(",", _GROUP)
    if isinstance(value, Decimal):
        return format_decimal(value, format="#,##0.00", locale=LOCALE)
    return format_decimal(float(value), format="#,##0.#", locale=LOCALE)


def format_hours(value) -> str:
    """« 1,5 h », « 10 h », « 0 h »: up to two decimals, never « 1.50 »."""
    if value is None:
        return ""
    return format_decimal(Decimal(str(value)), format="#,##0.##", locale=LOCALE) + "\u00a0h"


def format_euros(value) -> str:
    """« 1 234,50 € »: two decimals, the euro sign after the amount (Babel, French)."""
    if value is None:
        return ""
    return format_currency(Decimal(str(value)), "EUR", locale=LOCALE)


def local_datetime(value: datetime) -> datetime:
    """``value`` in Europe/Paris; a naive value is UTC (how every ``*_at`` is stored)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TZ)


def local_day_start(day: date) -> datetime:
    """The naive UTC instant at which ``day`` starts in Europe/Paris (to filter ``*_at``)."""
    start = datetime.combine(day, time.min, tzinfo=LOCAL_TZ)
    return start.astimezone(UTC).replace(tzinfo=None)


def local_day_end(day: date) -> datetime:
    """The naive UTC instant at which the day after ``day`` starts in Europe/Paris."""
    return local_day_start(day + timedelta(days=1))


def format_date(value) -> str:
    """06/12/2026; a datetime (naive UTC) gives its day in Europe/Paris; None: ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_datetime(value)
    return value.strftime("%d/%m/%Y")


def format_time(value: datetime | None) -> str:
    """18:57, the hour in Europe/Paris of a stored (naive UTC) datetime."""
    return local_datetime(value).strftime("%H:%M") if value else ""


def format_wall_time(value: time | None) -> str:
    """14:30: a wall-clock time already in Europe/Paris (a meeting's start), as it is."""
    return value.strftime("%H:%M") if value else ""


def format_long_date(value: date | None) -> str:
    """« jeudi 12 mars 2027 » (a meeting's day, in an invitation)."""
    if value is None:
        return ""
    return babel_format_date(value, "EEEE d MMMM y", locale=LOCALE)


def format_datetime(value: datetime | None) -> str:
    """« 06/12/2026 à 18:57 »: a stored (naive UTC) datetime in Europe/Paris."""
    if value is None:
        return ""
    return f"{format_date(value)} à {format_time(value)}"


_PLURAL = PluralRule({"one": "i = 0,1"})


def plural(count, singular: str, plural_form: str | None = None, *, number=True) -> str:
    """« 0 jour », « 1 rencontre notée », « 3 rencontres notées » (French: 0 and 1 are singular).

    ``plural_form`` defaults to ``singular + "s"``; ``number=False`` gives the words alone.
    """
    words = singular if _PLURAL(abs(count)) == "one" else (plural_form or singular + "s")
    return f"{format_number(count)} {words}" if number else words


def name_list(names, shown: int | None = None, others: str = "autres") -> str:
    """« A, B, C », or with ``shown=2`` « A, B et 3 autres »: a long list of names kept
    readable on a page or in the PDF (the spreadsheet and the CSV carry every name)."""
    names = list(names)
    if shown is None or len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} et {format_number(len(names) - shown)} {others}"


def shorten(text: str | None, width: int = 80, ellipsis: str = "…") -> str:
    """``text`` on one line, cut at most ``width`` characters on a word, with an ellipsis.

    A single word longer than ``width`` is cut inside (nothing better to do).
    """
    flat = " ".join((text or "").split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - len(ellipsis) + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else cut[: width - len(ellipsis)]
    return cut.rstrip(" ,;:.-–—(«\"'") + ellipsis


def clean_name(text: str) -> str:
    """A name as people type it, without its invisible characters, single-spaced.

    Format characters (Unicode category Cf: zero-width spaces and joiners, direction
    marks and overrides, soft hyphens, BOM) display as nothing, so that
    "Cliss\u200b XXI" would look like "Cliss XXI" beside it: they are dropped.
    """
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


_CONFUSABLES = Path(__file__).resolve().parent / "data" / "confusables.txt"


@cache
def _prototypes() -> dict[str, str]:
    table = {}
    for line in _CONFUSABLES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, prototype = line.split(";")
            table[chr(int(source, 16))] = "".join(chr(int(cp, 16)) for cp in prototype.split())
    return table


def confusable_skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``: two strings that look alike get the same one.

    NFD, each character replaced by its prototype from Unicode's confusables table
    (``data/confusables.txt``), NFD again. "Clіss" (Cyrillic і) and "Cliss" share a
    skeleton; so do "C1iss" and "Cliss". Applied to :func:`normalise_key` results, it
    keeps a name from imitating another one letter by letter.
    """
    table = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(table.get(ch, ch) for ch in decomposed)
    # Prototypes keep their case ("0" -> "O"); the keys are casefolded, so fold again.
    return unicodedata.normalize("NFD", mapped.casefold())


# A name grows when it is normalised ("\ufdfa" is 18 letters once decomposed): the
# comparison key and the skeleton are bounded, and a name beyond them is refused.
NAME_KEY_MAX = 200
NAME_SKELETON_MAX = 400


def name_shape_problem(name: str) -> str | None:
    """Why ``name`` cannot be an organisation's name, whatever the others are called, or None."""
    key = normalise_key(clean_name(name))
    if not key:
        return "Indiquez le nom (des lettres ou des chiffres visibles)."
    if len(key) > NAME_KEY_MAX or len(confusable_skeleton(key)) > NAME_SKELETON_MAX:
        return "Ce nom est trop long une fois mis en forme : raccourcissez-le."
    return None
