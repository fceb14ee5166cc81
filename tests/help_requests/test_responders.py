"""The pure ranking of the organisations to notify about a help request (no app here)."""

import subprocess
import sys

import pytest

from entraide.matching import OfferItem, OrgProfile
from entraide.matching.responders import (
    HelpCall,
    RankedResponder,
    ResponderParams,
    rank_responders,
)

LENS = (50.4329, 2.8336)
LIEVIN = (50.4228, 2.7783)
ARRAS = (50.2910, 2.7775)
CALAIS = (50.9513, 1.8587)


def org(org_id, where=None, offers=(), commune=None, **kw):
    lat, lon = where if where else (None, None)
    return OrgProfile(
        org_id,
        f"Org {org_id}",
        lat=lat,
        lon=lon,
        commune_name=commune,
        offers=tuple(OfferItem(i, theme, text) for i, (theme, text) in enumerate(offers)),
        **kw,
    )


CALL = HelpCall(
    org_id=1,
    theme="difficultes",
    text="Crise de trésorerie, retard de paiement",
    lat=LENS[0],
    lon=LENS[1],
    commune_name="Lens",
)


def test_only_organisations_offering_the_theme_other_than_the_requester():
    candidates = [
        org(1, LENS, [("difficultes", "Trésorerie")]),  # the requester itself
        org(2, LIEVIN, [("numerique", "Logiciels libres")]),
        org(3, ARRAS, [("difficultes", "Traverser une crise")]),
    ]
    assert [r.org_id for r in rank_responders(CALL, candidates)] == [3]


def test_any_age_and_capacity():
    young = org(2, LIEVIN, [("difficultes", "")], is_young=True, year_created=2023)
    assert [r.org_id for r in rank_responders(CALL, [young])] == [2]


def test_nearest_first_then_most_similar_text():
    near = org(2, LIEVIN, [("difficultes", "Communication")])
    far = org(3, CALAIS, [("difficultes", "Communication")])
    assert [r.org_id for r in rank_responders(CALL, [far, near])] == [2, 3]
    # At the same place, the offer speaking of cash problems wins.
    same_place = [
        org(4, ARRAS, [("difficultes", "Organisation d'événements")]),
        org(5, ARRAS, [("difficultes", "Crise de trésorerie et retard de paiement")]),
    ]
    ranked = rank_responders(CALL, same_place)
    assert [r.org_id for r in ranked] == [5, 4]
    assert ranked[0].score > ranked[1].score


def test_top_five_by_default_and_ties_by_id():
    many = [org(i, ARRAS, [("difficultes", "")]) for i in range(10, 2, -1)]
    ranked = rank_responders(CALL, many)
    assert [r.org_id for r in ranked] == [3, 4, 5, 6, 7]
    assert len(rank_responders(CALL, many, ResponderParams(top=2))) == 2


def test_results_are_tuples_with_a_french_reason():
    ranked = rank_responders(CALL, [org(2, LIEVIN, [("difficultes", "Crise de trésorerie")])])
    ((org_id, score, reason),) = ranked
    assert isinstance(ranked[0], RankedResponder) and org_id == 2
    assert 0 < score <= 1
    assert reason.startswith("Propose son aide sur « Traverser une difficulté économique »")
    assert "km" in reason and "similarité" in reason


def test_same_commune_and_unknown_locations():
    same = rank_responders(CALL, [org(2, LENS, [("difficultes", "")], commune="Lens")])
    assert "même commune (Lens)" in same[0].reason
    unknown = rank_responders(CALL, [org(3, None, [("difficultes", "")])])
    assert unknown[0].score == 0 and "distance inconnue" in unknown[0].reason
    nowhere = HelpCall(org_id=1, theme="difficultes", text="")
    assert rank_responders(nowhere, [org(2, LIEVIN, [("difficultes", "")])])[0].score == 0


def test_empty_inputs():
    assert rank_responders(CALL, []) == []
    empty_text = HelpCall(org_id=1, theme="difficultes", text="", lat=LENS[0], lon=LENS[1])
    ranked = rank_responders(empty_text, [org(2, LIEVIN, [("difficultes", "de la")])])
    assert [r.org_id for r in ranked] == [2]


@pytest.mark.parametrize(
    "params",
    [
        ResponderParams(w_proximity=-1),
        ResponderParams(w_proximity=0, w_text=0),
        ResponderParams(half_distance_km=0),
        ResponderParams(top=0),
        ResponderParams(w_text=float("nan")),
    ],
)
def test_invalid_params(params):
    with pytest.raises(ValueError):
        rank_responders(CALL, [], params)


def test_importing_it_does_not_load_flask():
    code = (
        "import sys, entraide.matching.responders; "
        "sys.exit(int(any(m.split('.')[0] in ('flask', 'sqlalchemy') for m in sys.modules)))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
