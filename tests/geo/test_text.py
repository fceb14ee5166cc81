"""normalise_key: the comparison key shared by the gazetteer and organisation names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entraide.text import normalise_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Liévin", "lievin"),
        ("LIÉVIN", "lievin"),
        ("  Le Touquet-Paris-Plage  ", "le touquet paris plage"),
        ("Camblain-l'Abbé", "camblain l abbe"),
        ("Camblain-l’Abbé", "camblain l abbe"),  # typographic apostrophe
        ("Super'Ecques", "super ecques"),
        ("Lens – Liévin", "lens lievin"),  # en dash pasted from a document
        ("Cœur\u00a0d'Artois", "coeur d artois"),  # ligature and no-break space
        ("Straße", "strasse"),
        ("S.C.I.C. Énergie", "s.c.i.c. energie"),  # other punctuation is kept
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_key(text, expected):
    assert normalise_key(text) == expected


def test_variants_share_a_key():
    variants = [
        "Fabrique coopérative",
        "FABRIQUE COOPERATIVE",
        "fabrique-coopérative",
        "Fabrique  Coopérative",
    ]
    assert len({normalise_key(v) for v in variants}) == 1


@given(st.text())
def test_key_is_idempotent_and_single_spaced(text):
    key = normalise_key(text)
    assert normalise_key(key) == key
    assert key == key.strip() and "  " not in key
