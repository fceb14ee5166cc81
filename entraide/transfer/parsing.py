"""Reading the organisations file: bytes in, validated rows and French errors out (pure).

No Flask and no SQLAlchemy here: the caller passes the themes that exist, and communes
are resolved in memory by the gazetteer. :mod:`.reading` turns the bytes (CSV or XLSX)
into text cells; the header names the columns (:mod:`.columns`: French or English, in
any order); :class:`.rows.RowParser` validates each line. A cell that the export
protected against formula injection (``'=…``, ``'-1.5``) is read back without its quote.

Errors carry the line as a spreadsheet numbers it (the header is line 1) and the column
as it shows it (« B (commune) »).

What a row means for an organisation that already exists (same name ignoring case,
accents, hyphens): its location (commune, postal code, town, lat, lon) is replaced as a
whole; other fields are written when the cell is not empty (« ? » or « inconnue » count
as empty), an empty cell keeps the current value; needs (offers) are added only on the
themes where the organisation has no open need (active offer) yet. So re-importing a file
changes nothing.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from ..geo.gazetteer import Gazetteer, get_gazetteer
from .columns import COLUMNS, HEADERS, column_letter, recognise
from .reading import read_table
from .rows import OrgRow, RowError, RowParser

__all__ = ["COLUMNS", "OrgRow", "ParseResult", "RowError", "parse_file"]


@dataclass
class ParseResult:
    rows: list[OrgRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = ""  # "csv" or "xlsx"
    encoding: str = ""  # of a CSV file
    name_column: str = ""  # the names' column, as errors name it ("A (nom)")

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_file(
    data: bytes,
    themes: Mapping[str, str] | Iterable[str],
    *,
    gazetteer: Gazetteer | None = None,
    today: date | None = None,
) -> ParseResult:
    """Read and validate a whole file; any error means no row should be applied.

    ``themes``: code -> label of the themes that exist (or just their codes).
    """
    themes = dict(themes) if isinstance(themes, Mapping) else {code: code for code in themes}
    table = read_table(data)
    result = ParseResult(kind=table.kind, encoding=table.encoding)
    header = table.header

    def where(index: int | None) -> str:
        if index is None:
            return ""
        name = " ".join(header[index].split()) if index < len(header) else ""
        return f"{column_letter(index)} ({name})" if name else column_letter(index)

    if table.problems:
        result.errors = [RowError(p.line, where(p.column), p.message) for p in table.problems]
        return result
    columns = _read_header(header, result, where)
    if columns is None:
        return result
    result.name_column = where(columns["name"])
    parser = RowParser(
        columns, header, themes, gazetteer or get_gazetteer(), today or date.today(), result
    )
    for line, record in table.records:
        parser.parse(line, record)
    if result.ok and not result.rows:
        result.errors.append(
            RowError(
                None,
                "",
                "Le fichier ne contient aucune organisation (seulement la ligne d'en-tête).",
            )
        )
    return result


_KNOWN = ", ".join(HEADERS.values())


def _read_header(header: list[str], result: ParseResult, where) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        if not raw.strip():
            continue
        key = recognise(raw)
        if key is None:
            result.errors.append(
                RowError(
                    1,
                    where(index),
                    f"Colonne inconnue : « {' '.join(raw.split())[:80]} ». Renommez-la ou "
                    f"supprimez-la (colonnes reconnues : {_KNOWN}).",
                )
            )
        elif key in columns:
            result.errors.append(
                RowError(
                    1,
                    where(index),
                    f"La colonne « {HEADERS[key]} » apparaît deux fois (déjà en "
                    f"{where(columns[key])}).",
                )
            )
        else:
            columns[key] = index
    found = ", ".join(f"« {h.strip()} »" for h in header if h.strip()) or "aucune"
    blocking = "name" not in columns
    if "name" not in columns:
        result.errors.append(
            RowError(1, "", f"Colonne « nom » manquante (colonnes trouvées : {found}).")
        )
    located = "commune" in columns or "town" in columns or ("lat" in columns and "lon" in columns)
    blocking = blocking or not located
    if not located:
        result.errors.append(
            RowError(
                1,
                "",
                "Colonne « commune » manquante (ou « ville », ou « latitude » et « longitude ») ; "
                f"colonnes trouvées : {found}.",
            )
        )
    if ("lat" in columns) != ("lon" in columns):
        blocking = True
        present = "lat" if "lat" in columns else "lon"
        result.errors.append(
            RowError(
                1,
                where(columns[present]),
                "Les colonnes « latitude » et « longitude » vont ensemble.",
            )
        )
    # An unknown or repeated column is an error, but the lines are read all the same so
    # that every error is listed at once; without names or places they cannot be.
    return None if blocking else columns
