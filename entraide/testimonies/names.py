"""Organisation names inside a testimony: found, and replaced by a description.

Names are found whatever the case and the accents (« cliss xxi », « Énercoop »), as whole
words, the longest first (« Cliss XXI Formation » before « Cliss XXI »). The text is folded
one character for one character, so that a match in the folded text is the same span in
the original.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Shorter names would be found inside ordinary words' neighbours too often to mean much.
MIN_NAME_LENGTH = 3
_SAME = {"\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u202f": " ", "\u2010": "-", "\u2011": "-"}
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(^|[.!?…]\s+|[«\"]\s*|\n\s*)$")


def _fold_char(char: str) -> str:
    char = _SAME.get(char, char)
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """Lower case without accents, one character for each character of ``text``."""
    return "".join(_fold_char(char) for char in text)


def _pattern(name: str) -> str:
    parts = [re.escape(part) for part in _SPACES.split(fold(name).strip()) if part]
    return r"\s+".join(parts)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    organisation_id: int


class NameFinder:
    """Every organisation's name, as one regular expression."""

    def __init__(self, names: Iterable[tuple[int, str]]):
        usable = sorted(
            ((org_id, name) for org_id, name in names if len(name.strip()) >= MIN_NAME_LENGTH),
            key=lambda item: -len(item[1]),
        )
        self._ids: dict[str, int] = {}
        for org_id, name in usable:
            self._ids.setdefault(" ".join(_SPACES.split(fold(name).strip())), org_id)
        patterns = [_pattern(name) for _, name in usable]
        self._regex = (
            re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)") if patterns else None
        )

    def find(self, text: str) -> list[Match]:
        if self._regex is None or not text:
            return []
        found = []
        for match in self._regex.finditer(fold(text)):
            key = " ".join(_SPACES.split(match.group(0)))
            if key in self._ids:
                found.append(Match(match.start(), match.end(), self._ids[key]))
        return found

    def ids_in(self, *texts: str) -> set[int]:
        return {match.organisation_id for text in texts for match in self.find(text)}


def replace_names(text: str, finder: NameFinder, describe: Callable[[int], str | None]) -> str:
    """``text`` with each name whose ``describe(id)`` is not None replaced by it; a
    description opening a sentence takes a capital."""
    pieces, last = [], 0
    for match in finder.find(text):
        description = describe(match.organisation_id)
        if description is None:
            continue
        before = text[last : match.start]
        if _SENTENCE_END.search(text[: match.start]):
            description = description[:1].upper() + description[1:]
        pieces += [before, description]
        last = match.end
    pieces.append(text[last:])
    return "".join(pieces)


# How a place follows « une jeune SCIC … ».
_VOWELS = tuple("AEIOUYÂÉÈÊÎÔÛH")


def of_territory(name: str) -> str:
    """« du Boulonnais », « de l'Arrageois », « du Montreuillois-Ternois », « de Lens-Hénin »."""
    if name.upper().startswith(_VOWELS):
        return f"de l'{name}"
    first = re.split(r"[- ]", name, maxsplit=1)[0].lower()
    return f"du {name}" if first.endswith(("ois", "ais", "is")) else f"de {name}"


def of_commune(name: str) -> str:
    """« de Liévin », « d'Arras », « du Portel », « des Attaques »."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    if name.upper().startswith(_VOWELS):
        return f"d'{name}"
    return f"de {name}"
