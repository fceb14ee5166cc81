"""Validating one line of the organisations file: cells in, an ``OrgRow`` or errors out (pure).

:mod:`entraide.transfer.parsing` reads the file and its header, then hands each line to
:class:`RowParser`. Messages are in French; each error names its column as the
spreadsheet shows it (« B (commune) »).

Texts of needs and offers: one line per need, ``thème : texte`` (the theme's label or
code before the colon). A line that does not start with a theme continues the text above
it, so a text may span several lines. Without any ``thème :`` line, the whole cell is the
text of the row's only need; with several needs, each text must say its theme.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email

from ..core.csvcells import unescape_formula
from ..geo.gazetteer import Gazetteer
from ..text import clean_name, confusable_skeleton, name_shape_problem, normalise_key
from ..themes import SECTORS, STATUSES
from .columns import HEADERS, column_letter

__all__ = [
    "FIRST_YEAR",
    "MAX_CAPACITY",
    "MAX_TEXT",
    "UNKNOWN_WORDS",
    "OrgRow",
    "RowError",
    "RowParser",
]

# Written only when the cell says something (the location is always written).
_OPTIONAL_FIELDS = (
    "status",
    "sector",
    "year_created",
    "member_since",
    "mentor_capacity",
    "in_difficulty",
    "contact_email",
)
_BOOLEANS = dict.fromkeys(("oui", "o", "vrai", "true", "yes", "x", "1"), True) | dict.fromkeys(
    ("non", "n", "faux", "false", "no", "0"), False
)
# A year or a date nobody knows: the same as an empty cell.
UNKNOWN_WORDS = frozenset({"?", "inconnue", "inconnu"})
_STATUS_WORDS = {"association": "projet", "projet": "projet", "scic": "scic"}
_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
_POSTAL = re.compile(r"[0-9]{5}")
_YEAR = re.compile(r"[0-9]{4}")
_FRENCH_DATE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T][0-9:]+)?")
_THEME_SEPARATORS = re.compile(r"[;|\n\r]")
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_CR = re.compile(r"\r\n?")
_THEMED_LINE = re.compile(r"\s*([^:\r\n]{1,120}?)\s*:[ \t]?(.*)", re.DOTALL)
_TOWN_PARTS = re.compile(r"\s+[-–/]\s+|\s*/\s*")
FIRST_YEAR = 1844  # the Rochdale Pioneers: no cooperative is older
MAX_CAPACITY = 20  # as in the profile form
MAX_TEXT = 2000  # as in the need and offer forms
# A town that matches no commune but resembles one this closely is a misspelling.
_MISSPELT = 88
_LENGTHS = {"name": 200, "town": 120, "contact_email": 254}


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
    member_since: date | None = None
    mentor_capacity: int | None = None
    in_difficulty: bool | None = None
    contact_email: str | None = None
    # (theme code, text), one per need or offer, in the file's order.
    needs: tuple[tuple[str, str], ...] = ()
    offers: tuple[tuple[str, str], ...] = ()
    warnings: list[str] = field(default_factory=list)

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
    """Validates lines one by one, remembering names to refuse duplicates.

    ``columns`` maps a column key to its index in the file, ``headers`` are the header
    cells as written (for the messages), ``themes`` maps theme codes to their labels.
    """

    def __init__(self, columns, headers, themes, gazetteer: Gazetteer, today: date, result):
        self.columns, self.headers, self.width = columns, headers, len(headers)
        self.themes = _lookup(themes)
        self.theme_list = ", ".join(themes.values())
        self.sectors = _lookup(SECTORS)
        self.statuses = _lookup(STATUSES) | _STATUS_WORDS
        self.gazetteer = gazetteer
        self.today = today
        self.result = result
        self.seen: dict[str, int] = {}
        self.seen_skeletons: dict[str, int] = {}

    def where(self, key: str) -> str:
        """The column as the coordinator sees it: « C (commune) », or « commune » if absent."""
        index = self.columns.get(key)
        if index is None:
            return HEADERS.get(key, key)
        header = " ".join(self.headers[index].split()) or HEADERS.get(key, key)
        return f"{column_letter(index)} ({header})"

    def parse(self, line: int, record: list[str]) -> None:
        if not any(cell.strip() for cell in record):
            return  # blank rows are common at the end of a spreadsheet
        self.line, self.errors = line, []
        cells = {key: self._cell(record, index) for key, index in self.columns.items()}
        if any(cell.strip() for cell in record[self.width :]):
            self.errors.append(
                RowError(
                    line,
                    column_letter(self.width),
                    f"La ligne a {len(record)} valeurs pour {self.width} colonnes : "
                    "vérifiez le séparateur et les guillemets (ou donnez un titre à la colonne).",
                )
            )
        for key, limit in _LENGTHS.items():
            if len(cells.get(key, "")) > limit:
                self._error(
                    key, f"Texte trop long ({len(cells[key])} caractères, {limit} au plus)."
                )
                cells[key] = cells[key][:limit]
        row = OrgRow(line=line, name=clean_name(cells.get("name", "")))
        self._name(row)
        self._location(row, cells)
        row.status = self._choice(
            cells,
            "status",
            self.statuses,
            "Statut inconnu : « {} » (" + " ou ".join(STATUSES.values()) + ").",
        )
        row.sector = self._choice(
            cells,
            "sector",
            self.sectors,
            "Secteur inconnu : « {} » (" + ", ".join(SECTORS.values()) + ").",
        )
        row.year_created = self._year(cells)
        row.member_since = self._member_since(cells)
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
        row.needs = self._declarations(cells, "needs", "besoin")
        row.offers = self._declarations(cells, "offers", "offre")
        if self.errors:
            self.result.errors.extend(self.errors)
        else:
            self.result.rows.append(row)
            self.result.warnings.extend(f"Ligne {line} : {w}" for w in row.warnings)

    def _cell(self, record: list[str], index: int) -> str:
        return unescape_formula(record[index]).strip() if index < len(record) else ""

    def _error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.line, self.where(key), message))

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

    # --- location -------------------------------------------------------------------

    def _location(self, row: OrgRow, cells: dict[str, str]) -> None:
        """The commune; or coordinates (outside the 62); or the town read as a commune; or
        nothing (the place is not known)."""
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
        if commune_text:
            commune, problem = self._resolve(commune_text, postal)
            if commune is None:
                self._error("commune", self._unknown(problem, commune_text))
            elif self._postal_matches(commune, postal):
                row.commune_insee = commune.insee
        elif cells.get("lat") and cells.get("lon"):
            if postal:
                self._error("postal_code", "Code postal sans commune : indiquez la commune.")
        elif row.town_label:
            self._town_as_commune(row, postal)
        elif postal:
            self._error("postal_code", "Code postal sans commune : indiquez la commune.")
        # Otherwise the place is not known (a project not settled yet): as the profile form
        # allows, and as the export writes it.

    def _resolve(self, text: str, postal: str):
        commune, problem = self.gazetteer.resolve_with_error(text)
        if commune is None and postal and not text.isdigit():
            # The postal code may settle an ambiguous name; keep "unknown" when it is.
            narrowed, narrowed_problem = self.gazetteer.resolve_with_error(f"{postal} {text}")
            if narrowed is not None or not problem.startswith("Commune inconnue"):
                commune, problem = narrowed, narrowed_problem or problem
        return commune, problem

    def _unknown(self, problem: str, text: str) -> str:
        hint = self.gazetteer.did_you_mean(text) if problem.startswith("Commune inconnue") else ""
        return f"{problem}. {hint}".strip()

    def _postal_matches(self, commune, postal: str) -> bool:
        if postal and postal not in commune.postal_codes:
            self._error(
                "postal_code",
                f"Le code postal {postal} ne correspond pas à la commune {commune.name} "
                f"({', '.join(commune.postal_codes)}).",
            )
            return False
        return True

    def _town_as_commune(self, row: OrgRow, postal: str) -> None:
        """No commune and no coordinates: the town (a census's « ville ») locates the row.

        A commune of the 62, or the first of "Lille - Arras" that is one (the whole cell
        stays the town shown); a misspelt commune is an error naming the nearest ones; a
        town outside the département is kept as the town shown, without a position.
        """
        town = row.town_label
        parts = [town] + [p for p in _TOWN_PARTS.split(town) if p and p != town]
        for part in parts:
            commune, _problem = self._resolve(part, postal)
            if commune is not None:
                if self._postal_matches(commune, postal):
                    row.commune_insee = commune.insee
                    row.town_label = town if part != town else None
                return
        close = [c for c, score in self.gazetteer.suggest(town) if score >= _MISSPELT]
        if close:
            self._error(
                "town",
                f"Commune inconnue dans le Pas-de-Calais : « {town} ». "
                + self.gazetteer.did_you_mean(town),
            )
        elif postal:
            self._error("postal_code", "Code postal sans commune : indiquez la commune.")
        else:
            row.warnings.append(
                f"« {town} » n'est pas une commune du Pas-de-Calais : l'organisation est "
                "enregistrée avec cette ville, sans position sur la carte (donnez sa latitude "
                "et sa longitude pour la placer)."
            )

    # --- values ---------------------------------------------------------------------

    def _choice(self, cells, key: str, choices: dict, message: str):
        value = cells.get(key, "")
        if not value:
            return None
        found = choices.get(normalise_key(value))
        if found is None:
            self._error(key, message.format(value))
        return found

    def _integer(self, cells, key: str, low: int, high: int, message: str) -> int | None:
        value = cells.get(key, "")
        if not value:
            return None
        if not _INTEGER.fullmatch(value):
            self._error(key, f"Nombre entier attendu : « {value} ».")
            return None
        number = int(value)
        if not low <= number <= high:
            self._error(key, message)
            return None
        return number

    def _year(self, cells) -> int | None:
        if normalise_key(cells.get("year_created", "")) in UNKNOWN_WORDS:
            return None
        return self._integer(
            cells,
            "year_created",
            FIRST_YEAR,
            self.today.year,
            f"L'année de création doit être comprise entre {FIRST_YEAR} et {self.today.year} "
            "(« ? » si elle est inconnue).",
        )

    def _member_since(self, cells) -> date | None:
        value = cells.get("member_since", "")
        if not value or normalise_key(value) in UNKNOWN_WORDS:
            return None
        day = None
        try:
            if _YEAR.fullmatch(value):
                day = date(int(value), 1, 1)
            elif match := _FRENCH_DATE.fullmatch(value):
                day = date(int(match[3]), int(match[2]), int(match[1]))
            elif match := _ISO_DATE.fullmatch(value):
                day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            self._error("member_since", f"Cette date n'existe pas : « {value} ».")
            return None
        if day is None:
            self._error(
                "member_since",
                f"Date attendue : « {value} » (une année comme 2022, ou une date comme "
                "15/03/2022).",
            )
        elif not date(FIRST_YEAR, 1, 1) <= day <= self.today:
            self._error(
                "member_since",
                f"La date d'entrée dans le réseau doit être comprise entre {FIRST_YEAR} et "
                "aujourd'hui.",
            )
            day = None
        return day

    def _decimal(self, cells, key: str, bound: float, message: str) -> float | None:
        value = cells.get(key, "")
        if not value:
            return None
        if not _DECIMAL.fullmatch(value):
            self._error(key, f"Nombre attendu : « {value} ».")
            return None
        number = float(value.replace(",", "."))
        if not -bound <= number <= bound:
            self._error(key, message)
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

    # --- needs and offers -----------------------------------------------------------

    def _declarations(self, cells, key: str, noun: str) -> tuple[tuple[str, str], ...]:
        """(theme, text) per need (offer): the themes' column, then the texts' lines."""
        codes: list[str] = []
        unknown: list[str] = []
        for part in _THEME_SEPARATORS.split(cells.get(key, "")):
            if not (part := part.strip()):
                continue
            code = self.themes.get(normalise_key(part))
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        if unknown:
            listed = ", ".join(f"« {u} »" for u in unknown)
            self._error(key, f"Thème inconnu : {listed} (thèmes possibles : {self.theme_list}).")
        text_key = f"{key}_text"
        entries, orphan = self._themed_lines(cells.get(text_key, ""))
        if orphan:
            if entries or len(codes) > 1:
                self._error(
                    text_key,
                    f"Texte sans thème : « {_echo(orphan)} ». Avec plusieurs {noun}s, écrivez "
                    f"une ligne « thème : texte » par {noun}.",
                )
            elif not codes:
                if not unknown:
                    self._error(
                        text_key,
                        f"Texte de {noun} sans thème : indiquez le thème dans la colonne "
                        f"{self.where(key)}, ou écrivez « thème : texte ».",
                    )
            else:
                entries = [(codes[0], orphan)]
        for _code, text in entries:
            if len(text) > MAX_TEXT:
                self._error(
                    text_key, f"Texte trop long ({len(text)} caractères, {MAX_TEXT} au plus)."
                )
        declared = {code for code, _text in entries}
        missing = [(code, "") for code in codes if code not in declared]
        # The themes' column's order first, then the themes only the texts name.
        order = {code: i for i, code in enumerate(codes)}
        return tuple(sorted(entries + missing, key=lambda e: order.get(e[0], len(order))))

    def _themed_lines(self, cell: str) -> tuple[list[tuple[str, str]], str]:
        """``[(theme, text)]`` from ``thème : texte`` lines, and any text before the first."""
        entries: list[list[str]] = []
        orphan: list[str] = []
        parts = _LINE_BREAK.split(cell)
        for i in range(0, len(parts), 2):
            line, sep = parts[i], parts[i - 1] if i else ""
            match = _THEMED_LINE.match(line)
            code = self.themes.get(normalise_key(match[1])) if match else None
            if code is not None:
                entries.append([code, match[2]])
            elif entries:
                entries[-1][1] += sep + line
            else:
                orphan.append(sep + line)
        # Line breaks as "\n": what an XLSX cell gives back, whichever the file had.
        return [(code, _CR.sub("\n", text.strip())) for code, text in entries], _CR.sub(
            "\n", "".join(orphan).strip()
        )


def _lookup(mapping) -> dict[str, str]:
    """Code or label, compared as keys, to the code."""
    return {normalise_key(k): code for code, label in mapping.items() for k in (code, label)}


def _echo(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
