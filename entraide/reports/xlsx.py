"""XLSX bytes from tables (pure: openpyxl and the stdlib; formula-injection safe, reproducible).

openpyxl would store a string starting with ``=`` as a formula: every string cell goes
through the CSV writer's :func:`escape_formula`, so both exports treat such cells alike.
The workbook is written in openpyxl's write-only mode (rows streamed to a temporary file,
constant memory), then its zip is rewritten with fixed dates so that the same figures give
the same bytes.
"""

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..core.csvcells import escape_formula
from ..text import Hours

__all__ = ["write_xlsx"]

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")
# Amounts with two decimals; the spreadsheet shows them with the reader's separators
# (« 1 234,50 » in a French Excel or LibreOffice). Hours keep the general format (« 1,5 »).
AMOUNT_FORMAT = "#,##0.00"
# Column widths, in characters, from the first rows.
MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE = 8, 60, 200


def _value(value):
    if isinstance(value, str):
        return escape_formula(_CONTROL.sub("", value))
    if isinstance(value, Decimal):
        return float(value)
    return value


def _cell(sheet, value):
    if isinstance(value, Decimal) and not isinstance(value, Hours):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = AMOUNT_FORMAT
        return cell
    return _value(value)


def _widths(headers: Sequence[str], rows: Sequence[Sequence]) -> dict[str, float]:
    """Each column as wide as its longest header or value among the first rows (bounded:
    a long text wraps in the reader's view rather than making a column screen-wide)."""
    widths: dict[int, int] = {}
    for row in [headers, *rows[:WIDTH_SAMPLE]]:
        for index, value in enumerate(row):
            text = f"{value:,.2f}" if isinstance(value, Decimal) else str(value or "")
            widths[index] = max(widths.get(index, 0), len(text))
    return {
        get_column_letter(index + 1): float(min(MAX_WIDTH, max(MIN_WIDTH, width + 2)))
        for index, width in widths.items()
    }


def _sheet_title(name: str, used: set[str]) -> str:
    title = _FORBIDDEN.sub(" ", name).strip("' ")[:31] or "Feuille"
    base, n = title, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _reproducible(data: bytes, stamp: datetime) -> bytes:
    """Same zip with fixed entry dates and a fixed "modified" date in docProps/core.xml."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(
                    rb"<dcterms:modified\1>" + iso + rb"</dcterms:modified>", content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return output.getvalue()


def write_xlsx(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence]]],
    *,
    stamp: datetime = datetime(2000, 1, 1),
    title: str = "",
) -> bytes:
    """One worksheet per ``(name, headers, rows)``; bold headers; dates fixed to ``stamp``."""
    workbook = Workbook(write_only=True)
    workbook.properties.created = stamp
    workbook.properties.creator = "Entraide SCIC 62"
    workbook.properties.title = title
    bold = Font(bold=True)
    used: set[str] = set()
    for name, headers, rows in sheets:
        sheet = workbook.create_sheet(_sheet_title(name, used))
        for letter, width in _widths(headers, rows).items():
            sheet.column_dimensions[letter].width = width
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=_value(header))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue(), stamp)
