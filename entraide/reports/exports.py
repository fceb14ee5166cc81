"""The report's files: PDF, XLSX (every table) and CSV (one table: by default the help given
and received by each SCIC, streamed; any other table by its slug).

Shared by the routes and ``flask report``; the bytes come from the pure writers.
"""

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from ..actions.queries import dated_list
from ..conventions.queries import statements_for
from ..core.csvcells import write_csv
from ..core.errors import UserError
from . import axes
from .context import report_context
from .period import Period
from .tables import BALANCE_HEADERS, action_tables, balance_rows, build_report, tables
from .xlsx import write_xlsx

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
CSV_BATCH = 500


def check_format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(
            f"Format inconnu : « {fmt[:10]} ». Formats possibles : .pdf, .xlsx, .csv.", 422
        )
    return fmt


def filename(period: Period, fmt: str, table: str | None = None) -> str:
    suffix = f"-{table}" if table and table != DEFAULT_CSV_TABLE else ""
    return f"bilan-entraide-{period.slug}{suffix}.{fmt}"


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV writer's bytes in batches of rows, so that a large file is streamed."""
    batch: list[Sequence] = []
    first = True
    for row in rows:
        batch.append(row)
        if len(batch) >= CSV_BATCH:
            yield write_csv(headers, batch) if first else write_csv((), batch, bom=False)[2:]
            batch, first = [], False
    if first:
        yield write_csv(headers, batch)
    elif batch:
        yield write_csv((), batch, bom=False)[2:]  # [2:]: no header line, only its CRLF


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


def actions_filename(period: Period) -> str:
    return f"actions-quatre-axes-{period.slug}.csv"


def actions_csv_stream(period: Period) -> Iterator[bytes]:
    """The period's actions, one a line, with their axis (the report's dated list; the
    same as ``bilan.csv?tableau=actions-datees``)."""
    return csv_chunks(axes.LIST_HEADERS, axes.list_rows(dated_list(period.start, period.end)))


def xlsx_bytes(period: Period) -> bytes:
    report = build_report(period)
    sheets = [(t.name, t.headers, t.rows) for t in tables(report)]
    # Then the financial statement of each convention covering the period.
    sheets += [
        (f"Bilan financier {convention.reference}", headers, rows)
        for convention, headers, rows in statements_for(period.start, period.end)
    ]
    # The four axes last: their figures, dated actions and the annex of pièces.
    sheets += [(t.name, t.headers, t.rows) for t in action_tables(report)]
    stamp = datetime(period.end.year, period.end.month, period.end.day)
    return write_xlsx(sheets, stamp=stamp, title=f"Bilan d'activité de l'entraide – {period.label}")


def pdf_bytes(period: Period) -> bytes:
    from .pdf import write_pdf

    return write_pdf(report_context(period))


def report_bytes(period: Period, fmt: str) -> bytes:
    fmt = check_format(fmt)
    if fmt == "pdf":
        return pdf_bytes(period)
    if fmt == "xlsx":
        return xlsx_bytes(period)
    return b"".join(csv_stream(period))
