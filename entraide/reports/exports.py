"""The report's files: PDF, XLSX (a cover sheet, then every table), CSV (one table: by
default the help given and received by each SCIC, streamed; any other table by its slug)
and every table as CSV in one zip.

Shared by the routes and ``flask report``; the bytes come from the pure writers.
"""

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from ..actions.queries import dated_list
from ..core.csvcells import write_csv
from ..core.errors import UserError
from . import axes
from .context import report_context
from .files import file_tables
from .period import Period
from .tables import BALANCE_HEADERS, action_tables, balance_rows, build_report, tables
from .xlsx import write_xlsx

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}
CSV_BATCH = 500


def check_format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(
            f"Format inconnu : « {fmt[:10]} ». Formats possibles : .pdf, .xlsx, .csv, .zip.",
            422,
        )
    return fmt


def filename(period: Period, fmt: str, table: str | None = None) -> str:
    suffix = f"-{table}" if table and table != DEFAULT_CSV_TABLE else ""
    return f"bilan-entraide-{period.slug}{suffix}.{fmt}"


def _french_csv(headers: Sequence[str], rows: Iterable[Sequence], *, bom: bool = True) -> bytes:
    """The report's CSV: « ; » and decimal commas, for a French spreadsheet."""
    return write_csv(headers, rows, bom=bom, decimal_comma=True)


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV writer's bytes in batches of rows, so that a large file is streamed."""
    batch: list[Sequence] = []
    first = True
    for row in rows:
        batch.append(row)
        if len(batch) >= CSV_BATCH:
            yield (_french_csv(headers, batch) if first else _french_csv((), batch, bom=False)[2:])
            batch, first = [], False
    if first:
        yield _french_csv(headers, batch)
    elif batch:
        yield _french_csv((), batch, bom=False)[2:]  # [2:]: no header line, only its CRLF


DEFAULT_CSV_TABLE = "entraide-par-scic"


def csv_stream(period: Period, slug: str = DEFAULT_CSV_TABLE) -> Iterator[bytes]:
    """One table of the report as CSV; UserError 404 for a slug that names none."""
    report = build_report(period)
    if slug == DEFAULT_CSV_TABLE:
        return csv_chunks(BALANCE_HEADERS, balance_rows(report))
    for table in tables(report) + action_tables(report):
        if table.slug == slug:
            return csv_chunks(table.headers, table.rows)
    raise UserError("Ce tableau n'existe pas dans le bilan.", 404)


def _stamp(period: Period) -> datetime:
    """Files dated by the period's end: the same data gives the same bytes."""
    return datetime(period.end.year, period.end.month, period.end.day)


def xlsx_bytes(period: Period) -> bytes:
    """The cover sheet first, then one sheet per table of the report."""
    sheets = [(t.name, t.headers, t.rows) for t in file_tables(period)]
    title = f"Bilan final d'exécution – {period.label}"
    return write_xlsx(sheets, stamp=_stamp(period), title=title)


def zip_filename(period: Period) -> str:
    return f"bilan-entraide-{period.slug}-csv.zip"


def zip_bytes(period: Period) -> bytes:
    """Every table of the report as its own CSV (UTF-8 with BOM, « ; »), in one zip."""
    output = io.BytesIO()
    date_time = _stamp(period).timetuple()[:6]
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, table in enumerate(file_tables(period), start=1):
            entry = zipfile.ZipInfo(f"{number:02d}-{table.slug}.csv", date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, _french_csv(table.headers, table.rows))
    return output.getvalue()


def actions_filename(period: Period) -> str:
    return f"actions-quatre-axes-{period.slug}.csv"


def actions_csv_stream(period: Period) -> Iterator[bytes]:
    """The period's actions, one a line, with their axis (the report's dated list; the
    same as ``bilan.csv?tableau=actions-datees``)."""
    return csv_chunks(axes.LIST_HEADERS, axes.list_rows(dated_list(period.start, period.end)))


def pdf_bytes(period: Period) -> bytes:
    from .pdf import write_pdf

    return write_pdf(report_context(period))


def report_bytes(period: Period, fmt: str) -> bytes:
    fmt = check_format(fmt)
    if fmt == "pdf":
        return pdf_bytes(period)
    if fmt == "xlsx":
        return xlsx_bytes(period)
    if fmt == "zip":
        return zip_bytes(period)
    return b"".join(csv_stream(period))
