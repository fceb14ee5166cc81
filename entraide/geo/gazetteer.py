"""The communes of the Pas-de-Calais (INSEE COG 2024) and how to find them by what users type.

The data is the packaged ``entraide/data/communes-62-extended.csv`` (sources in
``entraide/data/SOURCES.md``). It is read once per process by :func:`get_gazetteer`.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from entraide.text import normalise_key

__all__ = ["SUGGEST_CUTOFF", "Commune", "Gazetteer", "get_gazetteer", "name_key"]

DATA_FILE = "communes-62-extended.csv"

# Common written abbreviations, expanded word by word ("St-Omer", "Ste Catherine").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}

# "Hesdin (62140)", "Hesdin 62140" and "62140 Hesdin" (the order of a postal address).
_CODE_AFTER = re.compile(r"^(?P<name>.*?)\s*(?:\(\s*(?P<p>\d{5})\s*\)|\s(?P<b>\d{5}))$")
_CODE_BEFORE = re.compile(r"^(?P<code>\d{5})\s+(?P<name>.+)$")
_INSEE = re.compile(r"^\d{5}$")

# Error messages shown to users (French).
UNKNOWN = "Commune inconnue dans le Pas-de-Calais : « {} »"
AMBIGUOUS = "Nom de commune ambigu : « {} » ({}) ; précisez le code INSEE"
CODE_MISMATCH = "Le code {} ne correspond pas à la commune « {} »"
EMPTY = "Indiquez une commune du Pas-de-Calais."
_MAX_ECHO = 80  # characters of user input repeated in an error message
_MAX_CODES = 6  # INSEE codes listed in an ambiguity message
# Suggestions for a name that matches no commune: similarity (0-100, rapidfuzz's ratio of
# the names without spaces, hyphens or accents) of the nearest names, and how far behind
# the nearest one another may be to be named too.
SUGGEST_CUTOFF = 75
_SUGGEST_SPREAD = 5


@dataclass(frozen=True, slots=True)
class Commune:
    """One commune of the Pas-de-Calais as of the INSEE COG 2024."""

    insee: str
    name: str
    postal_codes: tuple[str, ...]
    lat: float
    lon: float
    epci: str
    epci_siren: str
    arrondissement: str
    population: int
    territoire: str  # from ``territoire_proposed``: a hypothesis, not an official list

    @property
    def postal_code(self) -> str:
        """The first postal code (the only one for all communes but Saint-Augustin)."""
        return self.postal_codes[0]

    @property
    def label(self) -> str:
        """Display form that :meth:`Gazetteer.resolve` reads back, e.g. ``Hesdin (62140)``."""
        return f"{self.name} ({self.postal_code})"


def name_key(text: str) -> str:
    """Key used to compare commune names: :func:`normalise_key` plus St/Ste expansion."""
    words = normalise_key(text.replace(".", " ")).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def _compact(key: str) -> str:
    # Spaces removed, so that "Camblain labbe" or "LeTouquet" still match; no two
    # communes of the 62 share a compact key.
    return key.replace(" ", "")


def _echo(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_ECHO else text[: _MAX_ECHO - 1] + "…"


class Gazetteer:
    """Look-ups on a fixed set of communes; build it with :func:`get_gazetteer`."""

    def __init__(self, communes: Iterable[Commune]) -> None:
        self._communes = tuple(sorted(communes, key=lambda c: c.insee))
        self._by_insee = {c.insee: c for c in self._communes}
        self._by_compact: dict[str, list[Commune]] = {}
        self._by_postal: dict[str, list[Commune]] = {}
        for commune in self._communes:
            self._by_compact.setdefault(_compact(name_key(commune.name)), []).append(commune)
            for code in commune.postal_codes:
                self._by_postal.setdefault(code, []).append(commune)
        # Name keys computed once: resolving a name prefix scans them.
        self._keys = [(name_key(c.name), c) for c in self._communes]
        self._compact_keys = list(self._by_compact)

    @classmethod
    def from_csv(cls, text: str) -> "Gazetteer":
        """Build from the text of ``communes-62-extended.csv``."""
        rows = csv.DictReader(io.StringIO(text))
        return cls(
            Commune(
                insee=row["insee"],
                name=row["name"],
                postal_codes=tuple(row["postal_codes"].split("|")),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                epci=row["epci"],
                epci_siren=row["epci_siren"],
                arrondissement=row["arrondissement"],
                population=int(row["population"]),
                territoire=row["territoire_proposed"],
            )
            for row in rows
        )

    def __len__(self) -> int:
        return len(self._communes)

    def communes(self) -> tuple[Commune, ...]:
        """All communes, by INSEE code."""
        return self._communes

    def epci_names(self) -> list[str]:
        """Names of the intercommunalities (EPCI), sorted accent-insensitively."""
        return sorted({c.epci for c in self._communes}, key=lambda n: (normalise_key(n), n))

    def by_insee(self, code: str) -> Commune | None:
        """The commune with this INSEE code, or None."""
        return self._by_insee.get(code.strip())

    def by_name(self, name: str) -> list[Commune]:
        """Communes whose name matches ignoring case, accents, hyphens, apostrophes, St/Ste."""
        return list(self._by_compact.get(_compact(name_key(name)), ()))

    def by_postal_code(self, code: str) -> list[Commune]:
        """Communes served by this postal code (one code often serves several communes)."""
        return list(self._by_postal.get(code.strip(), ()))

    def resolve(self, text: str) -> Commune | None:
        """The single commune meant by ``text``, or None when unknown or ambiguous."""
        return self.resolve_with_error(text)[0]

    def resolve_with_error(self, text: str) -> tuple[Commune | None, str | None]:
        """Resolve ``text`` to one commune, or explain in French why not.

        Accepted forms: an INSEE code (``62447``; a bare five-digit number is always
        read as an INSEE code, never as a postal code), a name (``Hesdin``), a name with a
        postal or INSEE code (``Hesdin (62140)``, ``62140 Hesdin``, ``Hesdin 62140``).
        A name that matches no commune exactly may be the first whole words of a
        longer one (``Boulogne`` for Boulogne-sur-Mer), provided only one fits.
        """
        text = (text or "").strip()
        if not text:
            return None, EMPTY
        if _INSEE.match(text):
            commune = self._by_insee.get(text)
            return (commune, None) if commune else (None, UNKNOWN.format(text))

        name, code = text, None
        if match := _CODE_BEFORE.match(text):
            name, code = match["name"], match["code"]
        elif match := _CODE_AFTER.match(text):
            name, code = match["name"], match["p"] or match["b"]

        candidates = self.by_name(name) or self._word_prefix_matches(name)
        if not candidates:
            return None, UNKNOWN.format(_echo(text))
        if code is not None:
            narrowed = [c for c in candidates if code == c.insee or code in c.postal_codes]
            if not narrowed:
                return None, CODE_MISMATCH.format(code, _echo(name))
            candidates = narrowed
        if len(candidates) > 1:
            codes = [c.insee for c in candidates]
            listed = ", ".join(codes[:_MAX_CODES]) + (", …" if len(codes) > _MAX_CODES else "")
            return None, AMBIGUOUS.format(_echo(text), listed)
        return candidates[0], None

    def suggest(
        self, text: str, limit: int = 3, cutoff: float = SUGGEST_CUTOFF
    ) -> list[tuple[Commune, float]]:
        """The communes whose names are nearest to ``text`` (a misspelling), best first.

        ``[(commune, score)]`` with a score from 0 to 100; only names scoring at least
        ``cutoff``, and within a few points of the best one. "Bruay la Buisserie" gives
        Bruay-la-Buissière (94).
        """
        key = _compact(name_key(text or ""))
        if not key:
            return []
        found = process.extract(
            key, self._compact_keys, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
        )
        if not found:
            return []
        best = found[0][1]
        return [
            (commune, score)
            for _key, score, index in found
            if score >= best - _SUGGEST_SPREAD
            for commune in self._by_compact[self._compact_keys[index]]
        ][:limit]

    def did_you_mean(self, text: str) -> str:
        """« Voulez-vous dire : Bruay-la-Buissière ? » for a misspelt name, or ""."""
        names = []
        for commune, _score in self.suggest(text):
            # Homonyms (two "Beaurainville"?) are told apart by their postal code.
            homonyms = len(self.by_name(commune.name)) > 1
            names.append(commune.label if homonyms else commune.name)
        if not names:
            return ""
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " ou " + names[-1]
        return f"Voulez-vous dire : {listed} ?"

    def _word_prefix_matches(self, name: str) -> list[Commune]:
        # Whole words only: "Boulogne" finds Boulogne-sur-Mer but "Boul" finds nothing,
        # so a typo is reported instead of being silently completed.
        key = name_key(name)
        if not key:
            return []
        return [c for k, c in self._keys if k.startswith(key + " ")]


@cache
def get_gazetteer() -> Gazetteer:
    """The gazetteer of the packaged data, loaded on first use and shared afterwards."""
    source = resources.files("entraide") / "data" / DATA_FILE
    return Gazetteer.from_csv(source.read_text(encoding="utf-8"))
