"""The organisations file as bytes: CSV or XLSX, from :func:`.queries.export_rows` (pure).

CSV: the writer of :mod:`entraide.core.csvcells` (UTF-8 with BOM, ``;``, formula-safe);
French form: dates as 15/03/2022 and decimal commas, as a French spreadsheet reads them;
technical form: ISO dates and decimal points. XLSX: one sheet « Organisations », numbers
and dates as such, formula-safe and reproducible (same data, same bytes).
"""

from datetime import date

from ..core.csvcells import write_csv
from ..reports.xlsx import write_xlsx

__all__ = ["FORMATS", "MIMETYPES", "export_bytes"]

MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(MIMETYPES)
SHEET = "Organisations"


def export_bytes(headers, rows, file_format: str = "csv", *, codes: bool = False) -> bytes:
    """The file in ``file_format`` ("csv" or "xlsx")."""
    if file_format == "xlsx":
        return write_xlsx([(SHEET, headers, rows)], title="Réseau des SCIC – organisations")
    if file_format != "csv":
        raise ValueError(file_format)
    return write_csv(headers, ([_csv_cell(value, codes) for value in row] for row in rows))


def _csv_cell(value, codes: bool):
    if isinstance(value, date):
        return value.isoformat() if codes else value.strftime("%d/%m/%Y")
    if isinstance(value, float) and not codes:
        return repr(value).replace(".", ",")
    return value
