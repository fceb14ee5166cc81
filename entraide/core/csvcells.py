"""CSV bytes for spreadsheet users, safe against formula injection (pure: stdlib only).

Choices, for the coordinator who opens the file in a French spreadsheet:

* UTF-8 **with** a byte-order mark, so that Excel shows accents correctly (LibreOffice and
  Python's ``utf-8-sig`` simply drop it);
* **semicolon** delimiter, the default of Excel in a French locale (a comma is the
  decimal separator there), CRLF line ends as RFC 4180 says;
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


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)  # a number, never a formula: no quote in front of -4
    return escape_formula(value if isinstance(value, str) else str(value))


def write_csv(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    delimiter: str = ";",
    bom: bool = True,
) -> bytes:
    """Encode ``headers`` and ``rows`` (None is an empty cell, other values ``str()``)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in headers])
    writer.writerows([_cell(value) for value in row] for row in rows)
    text = buffer.getvalue()
    return (("\ufeff" + text) if bom else text).encode("utf-8")
