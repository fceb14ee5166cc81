"""Bytes in, a table of text cells out: a CSV file or the first sheet of an XLSX (pure).

What a coordinator's spreadsheet saves is accepted as it is:

* a CSV in UTF-8 (with or without BOM), in UTF-16 with its BOM (Excel's « Texte
  Unicode »), or else in Windows-1252 or ISO-8859-15, told apart by charset-normalizer
  (Excel's « CSV (séparateur : point-virgule) » in French is Windows-1252); the delimiter
  is the one of ``;`` ``,`` and tab that the header line uses most;
* an ``.xlsx`` workbook (Excel, LibreOffice): the first sheet, read by openpyxl in
  read-only mode; numbers and dates come from the cells (a date as ``2022-03-15``, a whole
  number without ``.0``, a boolean as ``oui``/``non``). A formula or an error value
  (``#DIV/0!``) is refused, naming its cell: the file must hold values.

Anything else (an ``.xls``, an ``.ods``, a PDF, an image) gets a French message saying
what to save instead. Lines are numbered as the spreadsheet numbers them: the header is
line 1.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from charset_normalizer import from_bytes

__all__ = ["MAX_COLUMNS", "MAX_LINES", "Problem", "Table", "read_table"]

MAX_LINES = 50_000  # far more than a network has organisations
MAX_COLUMNS = 100  # read in an xlsx; the format has 17
MAX_UNZIPPED = 200 * 1024 * 1024  # an xlsx's content; 10 000 organisations take 3 MB
_SINGLE_BYTE = ["cp1252", "iso8859_15"]
ENCODING_NAMES = {
    "utf_8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf_16": "UTF-16",
    "cp1252": "Windows-1252",
    "iso8859_15": "ISO-8859-15",
}
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_CP1252_ONLY = re.compile(rb"[\x80-\x9f]")
_LATIN9_ONLY = re.compile(rb"[\xa4\xbc\xbd]")
TOO_MANY_LINES = "Le fichier a plus de 50\u202f000 lignes : découpez-le."
SAVE_AS = "enregistrez-le au format « CSV UTF-8 » ou « Classeur Excel (.xlsx) »"


@dataclass(frozen=True, slots=True)
class Problem:
    """A reading problem: ``line`` None for the whole file, ``column`` an index or None."""

    line: int | None
    column: int | None
    message: str


@dataclass
class Table:
    """The header's cells, then ``(line, cells)`` per line; ``problems`` are fatal."""

    kind: str = ""  # "csv" or "xlsx"
    encoding: str = ""  # CSV only, as French readers know it ("Windows-1252")
    header: list[str] = field(default_factory=list)
    records: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def fail(self, line: int | None, column: int | None, message: str) -> "Table":
        self.problems.append(Problem(line, column, message))
        return self


def read_table(data: bytes) -> Table:
    """Read ``data`` as an XLSX workbook or a CSV file, whichever it is."""
    if not data.strip():
        return Table().fail(None, None, "Le fichier est vide.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return Table().fail(
            None,
            None,
            "Ce fichier est un classeur Excel 97-2003 (.xls), que l'import ne lit pas : "
            + SAVE_AS
            + ".",
        )
    return _read_csv(data)


# --- CSV ----------------------------------------------------------------------------


def _read_csv(data: bytes) -> Table:
    table = Table(kind="csv")
    text = _decode(data, table)
    if text is None:
        return table
    if not text.strip():
        return table.fail(None, None, "Le fichier est vide.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    line = 1
    try:
        table.header = next(reader)
        for line, record in enumerate(reader, start=2):
            if line > MAX_LINES + 1:
                return table.fail(line, None, TOO_MANY_LINES)
            table.records.append((line, record))
    except csv.Error as error:
        table.fail(line + 1, None, f"Fichier CSV mal formé : {error}.")
    return table


def detect_delimiter(text: str) -> str:
    """The one of ``;`` ``,`` and tab that the header line has most of (a comma if none)."""
    header = text.partition("\n")[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _decode(data: bytes, table: Table) -> str | None:
    """The text of a CSV file; None (and a problem in ``table``) when it is not one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            table.fail(None, None, "Fichier UTF-16 illisible : " + SAVE_AS + ".")
            return None
        if "\x00" in text:
            return _binary(table)
        table.encoding = "UTF-16"
        return text
    # The whole file: a NUL further down would reach PostgreSQL, which refuses it (a 500).
    if b"\x00" in data or data.startswith(b"%PDF"):
        return _binary(table)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if data.startswith(b"\xef\xbb\xbf"):  # says UTF-8, is not: no guessing
            return _unreadable(table, data, error.start)
    else:
        table.encoding = "UTF-8"
        return text
    guess = from_bytes(data, cp_isolation=_SINGLE_BYTE).best()
    if guess is None:
        return _unreadable(table, data, _first_non_ascii(data))
    encoding = guess.encoding
    if encoding == "cp1252" and not _CP1252_ONLY.search(data) and _LATIN9_ONLY.search(data):
        # Without a byte of 0x80-0x9F (where Windows-1252 puts €, œ, ’…), the two differ on
        # a few bytes only: ISO-8859-15 reads 0xA4, 0xBC, 0xBD as €, Œ, œ, Windows-1252 as
        # ¤, ¼, ½, which a French text hardly has. charset-normalizer may hesitate there.
        encoding = "iso8859_15"
    text = data.decode(encoding)
    if control := _C1_CONTROLS.search(text):
        # ISO-8859-15 decodes every byte, but 0x80-0x9F are control characters there:
        # neither a Windows-1252 nor an ISO-8859-15 text (another encoding, or binary).
        return _unreadable(table, data, len(text[: control.start()].encode(encoding)))
    table.encoding = ENCODING_NAMES.get(encoding, encoding)
    return text


def _binary(table: Table) -> None:
    table.fail(
        None,
        None,
        "Ce fichier n'est ni un fichier CSV ni un classeur Excel (.xlsx) : " + SAVE_AS + ".",
    )
    return None


def _first_non_ascii(data: bytes) -> int:
    return next((i for i, byte in enumerate(data) if byte > 0x7F), 0)


def _unreadable(table: Table, data: bytes, offset: int) -> None:
    """Name the line and the column of the first byte that no accepted encoding reads."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("latin-1")
    delimiter = detect_delimiter(data.partition(b"\n")[0].decode("latin-1"))
    column = before.count(delimiter)
    table.fail(
        line,
        column,
        f"Encodage illisible (octet 0x{data[offset]:02X}) : le fichier n'est ni en UTF-8, ni en "
        "Windows-1252, ni en ISO-8859-15 ; " + SAVE_AS + ".",
    )
    return None


# --- XLSX ---------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # imported here: the CSV path does not need it

    table = Table(kind="xlsx")
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        return _binary(table) or table
    names = [entry.filename for entry in entries]
    if sum(entry.file_size for entry in entries) > MAX_UNZIPPED:
        # openpyxl reads the shared strings whole: a "zip bomb" would fill the memory.
        return table.fail(
            None, None, "Classeur trop volumineux une fois décompressé : découpez-le."
        )
    if "xl/workbook.xml" not in names:
        what = "un document OpenDocument (.ods, .odt)" if "mimetype" in names else "une archive"
        return table.fail(
            None, None, f"Ce fichier est {what}, pas un classeur Excel (.xlsx) : {SAVE_AS}."
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        return table.fail(
            None, None, "Classeur Excel illisible (fichier abîmé ?) : " + SAVE_AS + "."
        )
    try:
        if not workbook.worksheets:
            return table.fail(None, None, "Le classeur ne contient aucune feuille.")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # trust the rows, not the size the file claims
        rows = sheet.iter_rows(max_col=MAX_COLUMNS)
        for line, row in enumerate(rows, start=1):
            if line > MAX_LINES + 1:
                return table.fail(line, None, TOO_MANY_LINES)
            cells = [_cell_text(table, line, index, cell) for index, cell in enumerate(row)]
            while cells and cells[-1] == "":
                cells.pop()
            if line == 1:
                table.header = cells
            else:
                table.records.append((line, cells))
        _refuse_merged_data_cells(table, sheet)
    except Exception:  # noqa: BLE001 - a damaged sheet fails while it is read
        return table.fail(
            None, None, "Classeur Excel illisible (fichier abîmé ?) : " + SAVE_AS + "."
        )
    finally:
        workbook.close()
    if not table.header and not table.records:
        return table.fail(None, None, "La première feuille du classeur est vide.")
    return table


# A merged range as the sheet's XML declares it (<mergeCell ref="B2:B3"/>, maybe prefixed).
_CELL_REF = rb"[A-Z]{1,3}[0-9]{1,7}"
_MERGE_CELL = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s+ref="(%s(?::%s)?)"' % (_CELL_REF, _CELL_REF)
)


def _refuse_merged_data_cells(table: Table, sheet) -> None:
    """Refuse merged cells below the header: a spreadsheet shows the value on every row of
    the range, but the file keeps it in the first cell only, so the import would read the
    others as empty (a commune merged over three SCICs would erase the place of two)."""
    from openpyxl.utils.cell import range_boundaries

    # openpyxl's read-only mode skips the sheet's merged ranges: read them from its XML.
    with sheet._get_source() as source:  # noqa: SLF001 - the sheet's own XML, as openpyxl reads it
        refs = _MERGE_CELL.findall(source.read())
    for ref in refs:
        min_col, min_row, _max_col, max_row = range_boundaries(ref.decode())
        if max_row >= 2:
            table.fail(
                max(min_row, 2),
                min_col - 1,
                f"Cellules fusionnées ({ref.decode()}) : l'import lit une valeur par ligne et "
                "par colonne ; défusionnez-les et recopiez la valeur dans chaque cellule.",
            )


def _cell_text(table: Table, line: int, index: int, cell) -> str:
    value = getattr(cell, "value", None)
    kind = getattr(cell, "data_type", None)
    if value is None:
        return ""
    if kind == "f":
        table.fail(
            line,
            index,
            f"Formule « {str(value)[:60]} » : l'import lit des valeurs ; remplacez les formules "
            "par leurs valeurs (copier, puis « Collage spécial » → « Valeurs »).",
        )
        return ""
    if kind == "e":
        table.fail(line, index, f"Valeur d'erreur « {value} » dans la cellule : corrigez-la.")
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
