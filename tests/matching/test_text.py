"""French text normalisation and TF-IDF similarity."""

import numpy as np

from entraide.matching.text import MAX_TEXT_CHARS, french_terms, strip_accents, tfidf_pair


def test_case_accents_and_plural_meet_on_one_term():
    assert french_terms("Coopératives") == french_terms("cooperative") == ["cooper"]


def test_stop_words_and_elisions_are_dropped():
    assert french_terms("Nous avons besoin d'aide pour l'assemblée") == ["assembl"]


def test_ligatures_and_hyphens():
    assert strip_accents("Œuvre cœur") == "OEuvre coeur"
    assert french_terms("tiers-lieu") == ["tier", "lieu"]


def test_long_text_is_cut():
    text = "gouvernance " * 100_000
    assert len(french_terms(text)) == len(("gouvernance " * 100_000)[:MAX_TEXT_CHARS].split())


def test_similar_texts_score_higher_than_unrelated_ones():
    needs, offers = tfidf_pair(
        ["Préparer notre assemblée générale et les collèges"],
        ["Animation d'assemblées générales en collèges", "Comptabilité et trésorerie"],
    )
    similarity = (needs @ offers.T).toarray().ravel()
    assert similarity[0] > 0.3
    assert similarity[1] == 0


def test_empty_vocabulary_gives_zero_columns():
    needs, offers = tfidf_pair(["", "le la les"], ["de"])
    assert needs.shape == (2, 0) and offers.shape == (1, 0)
    assert np.all((needs @ offers.T).toarray() == 0)
