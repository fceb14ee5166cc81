"""Organisation names inside a testimony: found, and replaced by a description.

Names are found whatever the case, the accents and the punctuation between their words
(« cliss xxi », « Énercoop »), as whole words, the longest first (« Cliss XXI Formation »
before « Cliss XXI »). The text is folded one character for one character, so that a
match in the folded text is the same span in the original.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

# Shorter names would be found inside ordinary words' neighbours too often to mean much.
MIN_NAME_LENGTH = 3
_SAME = {"\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u202f": " ", "\u2010": "-", "\u2011": "-"}
_SENTENCE_END = re.compile(r"(^|[.!?…]\s+|[«\"]\s*|\n\s*)$")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    char = _SAME.get(char, char)
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """Lower case without accents, one character for each character of ``text``."""
    return "".join(_fold_char(char) for char in text)


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[re.Match]:
    return list(_WORD.finditer(fold(text)))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    organisation_id: int


class NameFinder:
    """Every organisation's name as a tuple of folded words: a text is read word by word,
    trying at each word the longest names first (a regular expression of thousands of
    names would take a third of a second to compile)."""

    def __init__(self, names: Iterable[tuple[int, str]]):
        self._names: dict[tuple[str, ...], int] = {}
        for org_id, name in names:
            if len(name.strip()) < MIN_NAME_LENGTH:
                continue
            words = tuple(match.group(0) for match in _words(name))
            if words:
                self._names.setdefault(words, org_id)
        self._longest = max((len(words) for words in self._names), default=0)

    def find(self, text: str) -> list[Match]:
        if not text or not self._names:
            return []
        words = _words(text)
        tokens = tuple(word.group(0) for word in words)
        found, index = [], 0
        while index < len(tokens):
            for length in range(min(self._longest, len(tokens) - index), 0, -1):
                org_id = self._names.get(tokens[index : index + length])
                if org_id is not None:
                    end = words[index + length - 1].end()
                    found.append(Match(words[index].start(), end, org_id))
                    index += length
                    break
            else:
                index += 1
        return found

    def ids_in(self, *texts: str) -> set[int]:
        return {match.organisation_id for text in texts for match in self.find(text)}


# The article before a name (« la SCIC fictive X », « de la Coop », « du Garage ») and what
# it becomes before « une jeune SCIC … » / « un projet … »: « la une » is not French.
_ARTICLE = re.compile(r"(?<![\w'’])(de la |de l['’]|du |la |le |l['’])$", re.IGNORECASE)
_CONTRACTED = {"de la ": "d'", "de l'": "d'", "de l’": "d'", "du ": "d'"}


def _without_article(before: str, description: str) -> str:
    """``before`` without the definite article a name carried (« de la » → « d' »)."""
    found = _ARTICLE.search(before)
    if found is None or not description.startswith(("un ", "une ")):
        return before
    article = found.group(1)
    kept = _CONTRACTED.get(article.lower(), "")
    if kept and article[:1].isupper():
        kept = kept.upper()
    return before[: found.start()] + kept


def replace_names(text: str, finder: NameFinder, describe: Callable[[int], str | None]) -> str:
    """``text`` with each name whose ``describe(id)`` is not None replaced by it; the
    article the name carried goes (« la SCIC X » → « une jeune SCIC … », « de la SCIC
    X » → « d'une jeune SCIC … »); a description opening a sentence takes a capital."""
    pieces, last = [], 0
    for match in finder.find(text):
        description = describe(match.organisation_id)
        if description is None:
            continue
        before = _without_article(text[last : match.start], description)
        if _SENTENCE_END.search(text[:last] + before):
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
