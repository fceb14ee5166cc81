"""Text normalisation shared by the gazetteer and the web app (stdlib only).

``normalise_key`` builds comparison keys, never display text: two strings that a
French reader would consider "the same name" (case, accents, hyphens, apostrophes,
spacing) get the same key. The web app reuses it to keep organisation names unique
regardless of such variations, so changing it changes which names collide: keep it
conservative and covered by tests.
"""

import re
import unicodedata

__all__ = ["normalise_key"]

# Hyphen-like and apostrophe-like characters that French names use interchangeably
# with a space ("Le Touquet-Paris-Plage", "Camblain-l'Abbé", typographic ’ from word
# processors, en dashes pasted from documents).
_SEPARATORS = re.compile(
    "[\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212'\u2019\u2018\u02bc\u00b4`]",
)

# Ligatures are not split by Unicode decomposition, yet "Cœur" and "Coeur" are the
# same word to anyone typing on a keyboard without an œ key.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def normalise_key(text: str) -> str:
    """Return a comparison key: casefolded, without accents, single-spaced.

    Hyphens and apostrophes become spaces, runs of whitespace collapse to one space
    and the result is stripped. Other punctuation is kept on purpose: it may be
    meaningful in an organisation name.

    >>> normalise_key("  Le Touquet-Paris-Plage ")
    'le touquet paris plage'
    >>> normalise_key("LIÉVIN") == normalise_key("lievin")
    True
    >>> normalise_key("Camblain-l’Abbé")
    'camblain l abbe'
    """
    # NFKD both before and after casefold: it turns compatibility characters ("𝓐", "ﬁ")
    # into letters that casefold then lowers, and splits what casefold produces
    # ("İ" -> "i̇") so that dropping combining marks removes every accent.
    folded = unicodedata.normalize("NFKD", text).casefold().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = _SEPARATORS.sub(" ", stripped)
    # str.split() without argument splits on every Unicode space (including the
    # no-break space of French typography) and drops empty parts.
    return " ".join(spaced.split())
