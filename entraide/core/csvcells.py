"""CSV bytes for spreadsheet users, safe against formula injection (pure: stdlib only).

Choices, for the coordinator who opens the file in a French spreadsheet:

* UTF-8 **with** a byte-order mark, so that Excel shows accents correctly (LibreOffice and
  Python's ``utf-8-sig`` simply drop it);
* **semicolon** delimiter, the default of Excel in a French locale (a comma is the
  decimal separator there), CRLF line ends as RFC 4180 says; with ``decimal_comma``,
  numbers with a decimal comma as well (the report's files; the organisations file has
  its own French and technical forms);
* a text cell that a spreadsheet would run as a formula (it starts with ``= + - @``, their
  full-width forms ``＝ ＋ － ＠`` that some spreadsheets read alike, a tab or a carriage
  return) is prefixed with a single quote (OWASP "CSV injection"); numbers are written as
  numbers (``-4``, not the text ``'-4``). So that the
  prefix can be removed again exactly, a cell made of quotes followed by such a character
  gets one more quote: :func:`unescape_formula` undoes :func:`escape_formula` for every
  string, which the import relies on for an exact export -> import round trip.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

__all__ = ["escape_formula", "unescape_formula", "write_csv"]

# Quotes then a formula trigger: "=1+1", "-2", "'=1+1" (already escaped once)...
_TRIGGERS = "=+\\-@\t\r\uff1d\uff0b\uff0d\uff20"
_FORMULA = re.compile(f"^'*[{_TRIGGERS}]")
_ESCAPED = re.compile(f"^'+[{_TRIGGERS}]")


def escape_formula(value: str) -> str:
    """Prefix a quote to a cell that a spreadsheet would read as a formula."""
    return "'" + value if _FORMULA.match(value) else value


def unescape_formula(value: str) -> str:
    """Remove the quote added by :func:`escape_formula` (exact inverse)."""
    return value[1:] if _ESCAPED.match(value) else value


def _number(value: int | float | Decimal, decimal_comma: bool) -> str:
    # format "f": a Decimal never comes out as 1E+3, which a spreadsheet reads as text.
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",") if decimal_comma else text


def _cell(value, decimal_comma: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _number(value, decimal_comma)  # a number, never a formula: no quote before -4
    return escape_formula(value if isinstance(value, str) else str(value))


def write_csv(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    delimiter: str = ";",
    bom: bool = True,
    decimal_comma: bool = False,
) -> bytes:
    """Encode ``headers`` and ``rows`` (None is an empty cell, other values ``str()``).

    ``decimal_comma``: numbers as a French spreadsheet reads them (« 20,29 »; with a
    point, Excel in a French locale takes « 20.29 » for a date or for text)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in headers])
    writer.writerows([_cell(value, decimal_comma) for value in row] for row in rows)
    text = buffer.getvalue()
    return (("\ufeff" + text) if bom else text).encode("utf-8")
