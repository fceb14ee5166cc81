"""MatchingParams.validate: French messages, and ValueError from the entry points."""

import math

import pytest

from entraide.matching import MatchingParams, make_groups, suggest


def test_defaults_are_valid_and_weights_sum_to_one():
    params = MatchingParams()
    assert params.validate() == []
    assert math.isclose(sum(params.weights.values()), 1.0)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"w_text": -0.1}, "« similarité des textes » doit être un nombre compris entre 0 et 10"),
        ({"w_text": 10.5}, "« similarité des textes » doit être un nombre compris entre 0 et 10"),
        ({"w_proximity": float("nan")}, "« proximité » doit être un nombre compris"),
        ({"w_affinity": "0.1"}, "« affinité de secteur » doit être un nombre compris"),
        (
            {
                "w_complementarity": 0,
                "w_text": 0,
                "w_proximity": 0,
                "w_experience": 0,
                "w_affinity": 0,
            },
            "Au moins un des poids doit être strictement positif",
        ),
        ({"half_distance_km": 0}, "demi-distance"),
        ({"half_distance_km": 0.5}, "entre 1 et 300 km"),
        ({"top_k": 0}, "SCIC marraines proposées par SCIC filleule"),
        ({"top_k": 2.5}, "SCIC marraines proposées par SCIC filleule"),
        ({"top_k": 51}, "un entier compris entre 1 et 50"),
        ({"min_score": 1.5}, "score minimal"),
        ({"group_min_size": 0}, "taille minimale des groupes"),
        ({"group_max_size": 101}, "taille maximale des groupes"),
        ({"group_min_size": 5, "group_max_size": 4}, "au moins égal à la taille minimale"),
    ],
)
def test_invalid_params_give_a_french_message(changes, fragment):
    params = MatchingParams(**changes)
    errors = params.validate()
    assert any(fragment in e for e in errors), errors
    with pytest.raises(ValueError, match="doit|Au moins"):
        suggest([], params)
    with pytest.raises(ValueError):
        make_groups([], params)


def test_a_single_zero_weight_is_fine():
    assert MatchingParams(w_text=0.0, w_affinity=0.0).validate() == []


def test_all_problems_are_reported_at_once():
    errors = MatchingParams(w_text=-1, top_k=0, half_distance_km=-3).validate()
    assert len(errors) == 3


def test_decimal_and_numpy_numbers_are_accepted():
    import decimal

    import numpy as np

    from .test_suggest import planted

    params = MatchingParams(
        w_text=decimal.Decimal("0.2"),
        w_proximity=np.float32(0.3),
        half_distance_km=decimal.Decimal("30"),
        min_score=decimal.Decimal("0.3"),
    )
    assert params.validate() == []
    assert len(suggest(planted(), params).proposed_pairs) == 1
