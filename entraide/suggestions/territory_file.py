"""Reading a commune → territory file: bytes in, assignments or French errors out.

No Flask and no database: the caller passes the names of the known territories, and
communes are resolved by the gazetteer. A file has a header line and two columns, the
commune (« insee », « code insee », or its name: « commune », « nom ») and the territory
(« territoire »), in any order, separated by « ; » or « , » (other columns are ignored).
It may be saved in UTF-8 (with or without BOM) or in Windows-1252, as Excel does for
« CSV (séparateur : point-virgule) ». Lines count as a spreadsheet counts them: the
header is line 1. Any error means that nothing is applied.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.csvcells import unescape_formula
from ..geo.gazetteer import UNKNOWN, Gazetteer
from ..text import normalise_key

__all__ = ["FileError", "TerritoryFile", "parse_territory_file"]

MAX_LINES = 5000  # 890 communes: a longer file is not a territory table
MAX_ERRORS = 30  # listed; the others are counted
_CODE_HEADERS = {"insee", "code insee", "code_insee", "code commune", "code_commune"}
_NAME_HEADERS = {"commune", "nom", "nom de la commune", "name"}
_TERRITORY_HEADERS = {"territoire", "territory", "territoire_proposed", "territoire propose"}
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")  # xlsx/ods, xls, pdf
_ECHO = 60  # characters of a cell repeated in a message


@dataclass(frozen=True, slots=True)
class FileError:
    """A problem, in French; ``line`` None and ``column`` "" concern the whole file."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        return (", ".join(where).capitalize() + " : " if where else "") + self.message


@dataclass
class TerritoryFile:
    """The territory of each commune of the file (INSEE code → territory name)."""

    assignments: dict[str, str] = field(default_factory=dict)
    errors: list[FileError] = field(default_factory=list)
    hidden_errors: int = 0  # beyond MAX_ERRORS

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, line: int | None, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(FileError(line, column, message))
        else:
            self.hidden_errors += 1


def _echo(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _ECHO else text[: _ECHO - 1] + "…"


def parse_territory_file(
    data: bytes, territories: Iterable[str], gazetteer: Gazetteer
) -> TerritoryFile:
    """Decode and check a whole file against the known ``territories``."""
    result = TerritoryFile()
    text = _decode(data, result)
    if text is None:
        return result
    known = {normalise_key(name): name for name in territories}
    header_line, _, _ = text.partition("\n")
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        header = next(records, [])
        columns = _read_header(header, result)
        if columns is None:
            return result
        first_seen: dict[str, tuple[int, str]] = {}
        for line, record in enumerate(records, start=2):
            if line > MAX_LINES + 1:
                result.errors[:] = [
                    FileError(
                        None,
                        "",
                        f"Le fichier dépasse {MAX_LINES} lignes : ce n'est "
                        "pas une table des communes du Pas-de-Calais.",
                    )
                ]
                result.hidden_errors = 0
                return result
            _read_line(line, record, columns, known, gazetteer, first_seen, result)
    except csv.Error as error:
        result.error(line + 1, "", f"Fichier CSV mal formé : {error}.")
    if result.ok and not result.assignments:
        result.error(None, "", "Le fichier ne contient aucune commune (seulement l'en-tête).")
    if not result.ok:
        result.assignments = {}
    return result


def _decode(data: bytes, result: TerritoryFile) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        result.error(
            None,
            "",
            "Le fichier est encodé en UTF-16 : enregistrez-le au format "
            "« CSV UTF-8 » ou « CSV (séparateur : point-virgule) ».",
        )
        return None
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data:
        result.error(
            None,
            "",
            "Ce fichier n'est pas un fichier CSV (un classeur .xlsx ou "
            ".ods ?) : enregistrez-le au format « CSV (séparateur : point-virgule) ».",
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # what Excel writes in French: « CSV (séparateur : point-virgule) »
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            result.error(
                line,
                "",
                "Encodage illisible (ni UTF-8 ni Windows-1252) : "
                "enregistrez le fichier au format « CSV UTF-8 ».",
            )
            return None
    if not text.strip():
        result.error(None, "", "Le fichier est vide.")
        return None
    return text


def _read_header(header: list[str], result: TerritoryFile) -> dict[str, tuple[int, str]] | None:
    """Where the commune and the territory are: ``{"code"|"name"|"territory": (index, title)}``."""
    columns: dict[str, tuple[int, str]] = {}
    for index, raw in enumerate(header):
        title = unescape_formula(raw).strip()
        key = normalise_key(title)
        kind = (
            "code"
            if key in _CODE_HEADERS
            else "name"
            if key in _NAME_HEADERS
            else "territory"
            if key in _TERRITORY_HEADERS
            else None
        )
        if kind is None:
            continue
        if kind in columns:
            result.error(1, title, f"La colonne « {_echo(title)} » apparaît deux fois.")
        columns.setdefault(kind, (index, title))
    found = ", ".join(f"« {_echo(h.strip())} »" for h in header if h.strip()) or "aucune"
    if "code" not in columns and "name" not in columns:
        result.error(
            1,
            "insee",
            "Colonne de la commune manquante : « insee » (code INSEE) ou "
            f"« commune » (nom). Colonnes trouvées : {found}.",
        )
    if "territory" not in columns:
        result.error(
            1, "territoire", f"Colonne « territoire » manquante. Colonnes trouvées : {found}."
        )
    return None if result.errors else columns


def _read_line(line, record, columns, known, gazetteer, first_seen, result) -> None:
    def cell(kind: str) -> str:
        index = columns[kind][0]
        return unescape_formula(record[index]).strip() if index < len(record) else ""

    if not any(value.strip() for value in record):
        return  # a blank line
    commune = None
    if "code" in columns:
        column = columns["code"][1]
        code = cell("code")
        if not code:
            result.error(line, column, "Code INSEE manquant.")
            return
        commune = gazetteer.by_insee(code) if len(code) == 5 and code.isdigit() else None
        if commune is None:
            result.error(line, column, UNKNOWN.format(_echo(code)) + ".")
            return
        if "name" in columns and cell("name"):
            named = gazetteer.by_name(cell("name"))
            if named and commune not in named:
                result.error(
                    line,
                    columns["name"][1],
                    f"« {_echo(cell('name'))} » n'est pas la commune {code} ({commune.name}).",
                )
                return
    else:
        column = columns["name"][1]
        commune, problem = gazetteer.resolve_with_error(cell("name"))
        if commune is None:
            result.error(line, column, (problem or UNKNOWN.format(_echo(cell("name")))) + ".")
            return
    territory_column = columns["territory"][1]
    raw = cell("territory")
    if not raw:
        result.error(line, territory_column, f"Territoire manquant pour {commune.name}.")
        return
    territory = known.get(normalise_key(raw))
    if territory is None:
        listed = ", ".join(sorted(known.values())) or "aucun"
        result.error(
            line,
            territory_column,
            f"Territoire inconnu : « {_echo(raw)} » (territoires connus : {listed}).",
        )
        return
    previous = first_seen.get(commune.insee)
    if previous is not None and previous[1] != territory:
        result.error(
            line,
            territory_column,
            f"{commune.name} ({commune.insee}) est déjà rattachée à « {previous[1]} » "
            f"ligne {previous[0]}.",
        )
        return
    first_seen.setdefault(commune.insee, (line, territory))
    result.assignments[commune.insee] = territory
