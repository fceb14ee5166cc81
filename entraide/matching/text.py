"""French text normalisation and TF-IDF similarity of need texts to offer texts.

The analyser lower-cases, splits on anything that is not a letter (so elided
articles such as ``l'`` or ``d'`` fall apart), drops French stop words, stems
with the Snowball French stemmer and finally removes accents, so that
« coopératives », « Coopérative » and « cooperative » meet on the same term.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import snowballstemmer

MAX_TEXT_CHARS = 5_000
"""Texts are cut to this length before analysis.

A need or an offer is a few sentences; beyond this a pasted document adds only
cost (a 100 000-character text would otherwise dominate the vectoriser's time).
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Compared after accent removal, so « été » and « ete » are the same stop word.
# Beyond the usual grammatical words, a few words every need or offer contains
# ("besoin", "aide", "scic"...) carry no matching signal.
_STOP_WORDS = _words(
    """
    a ai aie aient aies ait al alors as au aucun aucune aupres aussi autre autres aux avaient
    avais avait avec avez aviez avions avoir avons ayant ayez ayons bien c ca ce ceci cela celle
    celles celui cependant ces cet cette ceux chaque chez ci comme comment d dans de des deja
    depuis donc dont du elle elles en encore entre es est et etaient etais etait etant ete etes
    etiez etions etre eu eue eues eurent eus eut faire fait faut j je jusqu l la le les leur
    leurs lors lui m ma mais me meme memes mes moi mon n ne ni nos notre nous on ont or ou par
    parce pas peu peut peuvent plus pour pourquoi quand que quel quelle quelles quels qui quoi
    qu s sa sans se sera seront ses si sien soi soit sommes son sont sous suis sur t ta te tes
    toi ton toujours tous tout toute toutes tres tu un une unes uns vers via voici voila vos
    votre vous y afin ainsi besoin besoins aide aider aides aidant cherche cherchons chercher
    recherche souhaite souhaitons souhaiterions pouvons pourrions pouvoir propose proposons
    proposer offre offrons offrir partager partage partageons nous scic scics structure
    structures es ex
    """
)

_WORD = re.compile(r"[^\W\d_]+")
_STEMMER = snowballstemmer.stemmer("french")


def strip_accents(text: str) -> str:
    """Remove diacritics (``é`` → ``e``) and expand the French ligatures ``œ``/``æ``."""
    text = text.replace("œ", "oe").replace("æ", "ae").replace("Œ", "OE").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    """Stem one lower-case word; empty string for a stop word or a one-letter word.

    Cached because a network's texts reuse a small vocabulary: stemming each
    occurrence would dominate the analysis time on large networks.
    """
    bare = strip_accents(word)
    if len(bare) < 2 or bare in _STOP_WORDS:
        return ""
    # The Snowball rules rely on accents, so stem first and strip accents after.
    return strip_accents(_STEMMER.stemWord(word))


def french_terms(text: str) -> list[str]:
    """Analyse a French text into stemmed, accent-free terms.

    Parameters
    ----------
    text : str
        Any text; only its first :data:`MAX_TEXT_CHARS` characters are read.

    Returns
    -------
    list of str
        The terms in order of appearance (stop words removed).

    Examples
    --------
    >>> french_terms("L'Assemblée générale des coopératives")
    ['assembl', 'general', 'cooper']
    """
    words = _WORD.findall(text[:MAX_TEXT_CHARS].lower())
    return [term for term in map(_term, words) if term]


def tfidf_pair(left_docs: list[str], right_docs: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Vectorise two lists of documents in one TF-IDF space.

    The inverse document frequencies are learned on both lists together, so a
    word found in every need and every offer weighs little. Rows are L2
    normalised: the dot product of a left row and a right row is their cosine.

    Returns
    -------
    left, right : scipy.sparse.csr_matrix
        ``float64`` matrices of shapes ``(len(left_docs), V)`` and
        ``(len(right_docs), V)``; ``V`` is 0 when no document has any term.
    """
    # Imported here: scikit-learn takes seconds to import, and the web app imports
    # this package at start-up even for pages that never compute a suggestion.
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = left_docs + right_docs
    vectorizer = TfidfVectorizer(analyzer=french_terms, sublinear_tf=True, dtype=np.float64)
    try:
        matrix = vectorizer.fit_transform(docs).tocsr()
    except ValueError:
        # Only stop words or empty texts: no vocabulary, hence no text signal.
        matrix = sp.csr_matrix((len(docs), 0), dtype=np.float64)
    return matrix[: len(left_docs)], matrix[len(left_docs) :]


def join_texts(texts: Iterable[str]) -> str:
    """Join the non-empty texts of one organisation's needs (or offers) into one document."""
    return "\n".join(t[:MAX_TEXT_CHARS] for t in texts if t)
