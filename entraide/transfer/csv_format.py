"""Reading the network CSV: bytes in, validated rows and French errors out (pure).

No Flask and no SQLAlchemy here: the caller passes the theme codes that exist, and
communes are resolved in memory by the gazetteer. The format is the one the export
writes (``COLUMNS``, same order), but any order, a comma or a semicolon delimiter and a
UTF-8 file with or without BOM are accepted. A cell that the export protected against
formula injection (``'=…``, ``'-1.5``) is read back without its quote
(:func:`entraide.transfer.writer.unescape_formula`).

Errors carry the line as a spreadsheet numbers it: the header is line 1, the first
organisation line 2 (a blank row still counts as a line).

What a row means for an organisation that already exists (same name ignoring case,
accents, hyphens): its location (commune, postal code, town, lat, lon) is replaced as a
whole; other fields are written when the cell is not empty, an empty cell keeps the
current value; themes are added only when the organisation has no open need (active
offer) on them yet. So re-importing a file changes nothing.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..core.csvcells import unescape_formula
from ..geo.gazetteer import Gazetteer, get_gazetteer
from ..text import normalise_key
from .csv_rows import OrgRow, RowError, RowParser

__all__ = ["COLUMNS", "OrgRow", "ParseResult", "RowError", "detect_delimiter", "parse_csv"]

# The export writes these, in this order; the import reads them in any order.
COLUMNS = (
    "name",
    "commune",
    "postal_code",
    "town",
    "lat",
    "lon",
    "status",
    "sector",
    "year_created",
    "mentor_capacity",
    "in_difficulty",
    "contact_email",
    "needs",
    "needs_text",
    "offers",
    "offers_text",
)
_ALIASES = {"latitude": "lat", "longitude": "lon", "town_label": "town"}
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")  # xlsx/ods, xls, pdf


@dataclass
class ParseResult:
    rows: list[OrgRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_csv(
    data: bytes,
    theme_codes: Iterable[str],
    *,
    gazetteer: Gazetteer | None = None,
    current_year: int | None = None,
) -> ParseResult:
    """Decode and validate a whole file; any error means no row should be applied."""
    result = ParseResult()
    text, problem = _decode(data)
    if problem:
        result.errors.append(problem)
        return result
    records = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    line = 1
    try:
        header = next(records)
        columns = _read_header(header, result)
        if columns is None:
            return result
        parser = RowParser(
            columns,
            len(header),
            theme_codes,
            gazetteer or get_gazetteer(),
            current_year or date.today().year,
            result,
        )
        for line, record in enumerate(records, start=2):
            parser.parse(line, record)
    except csv.Error as error:
        result.errors.append(RowError(line + 1, "", f"Fichier CSV mal formé : {error}."))
    if result.ok and not result.rows:
        result.errors.append(
            RowError(
                None,
                "",
                "Le fichier ne contient aucune organisation (seulement la ligne d'en-tête).",
            )
        )
    return result


def detect_delimiter(text: str) -> str:
    """A semicolon if the header line has more of them than commas, else a comma."""
    header = text.partition("\n")[0]
    return ";" if header.count(";") > header.count(",") else ","


def _decode(data: bytes) -> tuple[str, RowError | None]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", RowError(
            None, "", "Le fichier est encodé en UTF-16 : enregistrez-le au format « CSV UTF-8 »."
        )
    # The whole file: a NUL further down would reach PostgreSQL, which refuses it (a 500).
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data:
        return "", RowError(
            None,
            "",
            "Ce fichier n'est pas un fichier texte (un classeur "
            ".xlsx ou .ods ?) : enregistrez-le au format "
            "« CSV UTF-8 ».",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return "", RowError(
            line,
            "",
            "Le fichier n'est pas encodé en UTF-8 (premier "
            "caractère illisible à cette ligne) : enregistrez-le "
            "au format « CSV UTF-8 ».",
        )
    if not text.strip():
        return "", RowError(None, "", "Le fichier est vide.")
    return text, None


def _read_header(header: list[str], result: ParseResult) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = normalise_key(unescape_formula(raw)).replace(" ", "_")
        name = _ALIASES.get(name, name)
        if not name:
            continue
        if name in columns and name in COLUMNS:
            result.errors.append(RowError(1, name, f"La colonne « {name} » apparaît deux fois."))
        elif name not in COLUMNS:
            result.warnings.append(f"Colonne inconnue, ignorée : « {raw.strip()} ».")
        columns.setdefault(name, index)
    if "name" not in columns:
        found = ", ".join(h.strip() for h in header if h.strip()) or "aucune"
        result.errors.append(
            RowError(1, "name", f"Colonne « name » manquante (colonnes trouvées : {found}).")
        )
    if "commune" not in columns and not ("lat" in columns and "lon" in columns):
        result.errors.append(
            RowError(1, "commune", "Colonne « commune » manquante (ou « lat » et « lon »).")
        )
    if ("lat" in columns) != ("lon" in columns):
        result.errors.append(
            RowError(
                1,
                "lat" if "lon" in columns else "lon",
                "Les colonnes « lat » et « lon » vont ensemble.",
            )
        )
    return None if result.errors else columns
