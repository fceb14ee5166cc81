"""Validating one line of the network CSV: cells in, an ``OrgRow`` or ``RowError`` out (pure).

:mod:`entraide.transfer.csv_format` reads the file and its header, then hands each line
to :class:`RowParser`. Messages are in French and name the column at fault.
"""

import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from ..core.csvcells import unescape_formula
from ..geo.gazetteer import UNKNOWN
from ..text import clean_name, confusable_skeleton, name_shape_problem, normalise_key
from ..themes import SECTORS, STATUSES

__all__ = ["MAX_CAPACITY", "MAX_TEXT", "OrgRow", "RowError", "RowParser"]

# Written only when the cell is not empty (the location is always written).
_OPTIONAL_FIELDS = (
    "status",
    "sector",
    "year_created",
    "mentor_capacity",
    "in_difficulty",
    "contact_email",
)
_BOOLEANS = dict.fromkeys(("oui", "o", "vrai", "true", "yes", "1"), True) | dict.fromkeys(
    ("non", "n", "faux", "false", "no", "0"), False
)
_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
_POSTAL = re.compile(r"[0-9]{5}")
_THEME_SEPARATORS = re.compile(r"[;|]")
_FIRST_YEAR = 1844  # the Rochdale Pioneers: no cooperative is older
MAX_CAPACITY = 20  # as in the profile form
MAX_TEXT = 2000  # as in the need and offer forms
_LENGTHS = {
    "name": 200,
    "town": 120,
    "contact_email": 254,
    "needs_text": MAX_TEXT,
    "offers_text": MAX_TEXT,
}


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem, in French; ``line`` None and ``column`` "" concern the whole file."""

    line: int | None
    column: str
    message: str


@dataclass(slots=True)
class OrgRow:
    """One validated organisation line; None means "not given in the file"."""

    line: int
    name: str
    commune_insee: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    town_label: str | None = None
    status: str | None = None
    sector: str | None = None
    year_created: int | None = None
    mentor_capacity: int | None = None
    in_difficulty: bool | None = None
    contact_email: str | None = None
    needs: tuple[str, ...] = ()
    needs_text: str = ""
    offers: tuple[str, ...] = ()
    offers_text: str = ""

    @property
    def key(self) -> str:
        return normalise_key(self.name)

    @property
    def skeleton(self) -> str:
        return confusable_skeleton(self.key)

    def profile(self) -> dict:
        """Fields to write: the whole location, the others only when given."""
        data = {
            "commune_insee": self.commune_insee,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "town_label": self.town_label,
        }
        for name in _OPTIONAL_FIELDS:
            if (value := getattr(self, name)) is not None:
                data[name] = value
        return data


class RowParser:
    """Validates lines one by one, remembering names to refuse duplicates."""

    def __init__(self, columns, width, theme_codes, gazetteer, current_year, result):
        self.columns, self.width = columns, width
        self.themes = {normalise_key(code): code for code in theme_codes}
        self.sectors = {
            normalise_key(k): code for code, label in SECTORS.items() for k in (code, label)
        }
        self.statuses = {
            normalise_key(k): code for code, label in STATUSES.items() for k in (code, label)
        }
        self.gazetteer = gazetteer
        self.current_year = current_year
        self.result = result
        self.seen: dict[str, int] = {}
        self.seen_skeletons: dict[str, int] = {}

    def parse(self, line: int, record: list[str]) -> None:
        if not any(cell.strip() for cell in record):
            return  # blank rows are common at the end of a spreadsheet
        self.line, self.errors = line, []
        cells = {name: self._cell(record, index) for name, index in self.columns.items()}
        if any(cell.strip() for cell in record[self.width :]):
            self._error(
                "",
                f"La ligne a {len(record)} valeurs pour {self.width} colonnes : "
                "vérifiez le séparateur et les guillemets.",
            )
        for name, limit in _LENGTHS.items():
            if len(cells.get(name, "")) > limit:
                self._error(
                    name, f"Texte trop long ({len(cells[name])} caractères, {limit} au plus)."
                )
                cells[name] = cells[name][:limit]
        row = OrgRow(line=line, name=clean_name(cells["name"]))
        self._name(row)
        self._location(row, cells)
        row.status = self._choice(
            cells,
            "status",
            self.statuses,
            "Statut inconnu : « {} » (" + " ou ".join(STATUSES) + ").",
        )
        row.sector = self._choice(
            cells,
            "sector",
            self.sectors,
            "Secteur inconnu : « {} » (" + ", ".join(SECTORS.values()) + ").",
        )
        row.year_created = self._integer(
            cells,
            "year_created",
            _FIRST_YEAR,
            self.current_year,
            f"L'année de création doit être comprise entre {_FIRST_YEAR} et {self.current_year}.",
        )
        row.mentor_capacity = self._integer(
            cells,
            "mentor_capacity",
            0,
            MAX_CAPACITY,
            f"La capacité de parrainage doit être comprise entre 0 et {MAX_CAPACITY}.",
        )
        row.in_difficulty = self._choice(
            cells, "in_difficulty", _BOOLEANS, "Valeur inconnue : « {} » (oui ou non)."
        )
        row.contact_email = self._email(cells.get("contact_email", ""))
        row.needs, row.needs_text = self._themes(cells, "needs", "besoin")
        row.offers, row.offers_text = self._themes(cells, "offers", "offre")
        if self.errors:
            self.result.errors.extend(self.errors)
        else:
            self.result.rows.append(row)

    def _cell(self, record: list[str], index: int) -> str:
        return unescape_formula(record[index]).strip() if index < len(record) else ""

    def _error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def _name(self, row: OrgRow) -> None:
        key = row.key
        if not key:
            self._error("name", "Le nom est obligatoire.")
        elif problem := name_shape_problem(row.name):
            self._error("name", problem)
        elif key in self.seen:
            self._error(
                "name", f"Nom en double dans le fichier (déjà à la ligne {self.seen[key]})."
            )
        elif row.skeleton in self.seen_skeletons:
            self._error(
                "name",
                "Nom trop ressemblant à celui de la ligne "
                f"{self.seen_skeletons[row.skeleton]} (lettres d'un autre alphabet ou chiffres "
                "à la place de lettres).",
            )
        else:
            self.seen[key] = self.line
            self.seen_skeletons[row.skeleton] = self.line

    def _location(self, row: OrgRow, cells: dict[str, str]) -> None:
        row.town_label = cells.get("town") or None
        lat = self._decimal(cells, "lat", 90, "La latitude doit être comprise entre -90 et 90.")
        lon = self._decimal(cells, "lon", 180, "La longitude doit être comprise entre -180 et 180.")
        if (cells.get("lat", "") == "") != (cells.get("lon", "") == ""):
            self._error(
                "lon" if cells.get("lat") else "lat", "Donnez la latitude et la longitude ensemble."
            )
        row.latitude, row.longitude = lat, lon
        commune_text, postal = cells.get("commune", ""), cells.get("postal_code", "")
        if postal and not _POSTAL.fullmatch(postal):
            self._error("postal_code", f"Code postal invalide : « {postal} » (5 chiffres).")
            postal = ""
        if not commune_text:
            if not (cells.get("lat") and cells.get("lon")):
                self._error(
                    "commune",
                    "Indiquez une commune du Pas-de-Calais, ou la latitude et la longitude.",
                )
            elif postal:
                self._error("postal_code", "Code postal sans commune : indiquez la commune.")
            return
        commune, problem = self.gazetteer.resolve_with_error(commune_text)
        if commune is None and postal and not commune_text.isdigit():
            # The postal code may settle an ambiguous name; keep "unknown" when it is.
            narrowed, narrowed_problem = self.gazetteer.resolve_with_error(
                f"{postal} {commune_text}"
            )
            unknown = problem.startswith(UNKNOWN.partition("{")[0])
            commune, problem = narrowed, (problem if unknown else narrowed_problem)
        if commune is None:
            self._error("commune", problem + ".")
        elif postal and postal not in commune.postal_codes:
            self._error(
                "postal_code",
                f"Le code postal {postal} ne correspond pas à la "
                f"commune {commune.name} "
                f"({', '.join(commune.postal_codes)}).",
            )
        else:
            row.commune_insee = commune.insee

    def _choice(self, cells, column: str, choices: dict, message: str):
        value = cells.get(column, "")
        if not value:
            return None
        found = choices.get(normalise_key(value))
        if found is None:
            self._error(column, message.format(value))
        return found

    def _integer(self, cells, column: str, low: int, high: int, message: str) -> int | None:
        value = cells.get(column, "")
        if not value:
            return None
        if not _INTEGER.fullmatch(value):
            self._error(column, f"Nombre entier attendu : « {value} ».")
            return None
        number = int(value)
        if not low <= number <= high:
            self._error(column, message)
            return None
        return number

    def _decimal(self, cells, column: str, bound: float, message: str) -> float | None:
        value = cells.get(column, "")
        if not value:
            return None
        if not _DECIMAL.fullmatch(value):
            self._error(column, f"Nombre attendu : « {value} ».")
            return None
        number = float(value.replace(",", "."))
        if not -bound <= number <= bound:
            self._error(column, message)
            return None
        return number

    def _email(self, value: str) -> str | None:
        if not value:
            return None
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            self._error("contact_email", f"Adresse électronique invalide : « {value} ».")
            return None
        return value.lower()

    def _themes(self, cells, column: str, noun: str) -> tuple[tuple[str, ...], str]:
        codes: list[str] = []
        unknown: list[str] = []
        for part in _THEME_SEPARATORS.split(cells.get(column, "")):
            if not (part := part.strip()):
                continue
            code = self.themes.get(normalise_key(part))
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        if unknown:
            listed = ", ".join(f"« {u} »" for u in unknown)
            self._error(
                column,
                f"Thème inconnu : {listed} (thèmes possibles : "
                f"{', '.join(sorted(self.themes.values()))}).",
            )
        text = cells.get(f"{column}_text", "")
        if text and not codes and not unknown:
            self._error(
                f"{column}_text",
                f"Texte de {noun} sans thème : indiquez les thèmes dans la colonne « {column} ».",
            )
        return tuple(codes), text
