"""Sponsorship suggestions: planted scenarios, hard rules, reasons and bad input."""

import pytest

from entraide.matching import MatchingParams, NeedItem, OfferItem, suggest

from .factories import elder, org, young

GOV = (
    "Besoin « Gouvernance et vie coopérative » "
    "couvert par l'offre « Gouvernance et vie coopérative »"
)


def planted():
    """A young SCIC in Lens needing governance help, and five possible sponsors."""
    return [
        young(1, "gouvernance", place="Lens", sector="commerce"),
        elder(2, "gouvernance", place="Liévin", year=2008, sector="commerce"),  # the right one
        elder(3, "gouvernance", place="Boulogne-sur-Mer", year=2004),  # far away
        elder(4, "gouvernance", place="Lens", year=2022, is_young=True),  # young itself
        elder(5, "gouvernance", place="Lens", year=2005, capacity=1, active_mentees=1),  # full
        elder(6, "gouvernance", place="Lens", year=2005, capacity=0),  # opted out
    ]


def test_near_experienced_sponsor_wins_and_ineligible_ones_are_not_candidates():
    result = suggest(planted(), reference_year=2025)
    (mentee,) = result.mentees
    assert [c.id for c in mentee.candidates] == [2, 3]
    near, far = mentee.candidates
    assert near.score > far.score
    assert near.components["proximity"] > far.components["proximity"]
    assert [(p.mentee_id, p.mentor_id) for p in result.proposed_pairs] == [(1, 2)]
    assert near.reasons[0] == GOV
    assert "4 km" in near.reasons
    assert "SCIC depuis 2008" in near.reasons
    assert "Même secteur (Commerce)" in near.reasons
    assert near.distance_km == pytest.approx(3.8, abs=0.2)


def test_young_orgs_without_needs_are_not_mentees():
    orgs = [young(1, place="Lens"), elder(2, "gouvernance")]
    result = suggest(orgs)
    assert result.mentees == ()
    assert "besoin ouvert" in result.reason


def test_excluded_and_existing_pairs_are_never_proposed():
    orgs = planted()
    result = suggest(orgs, excluded_pairs={(1, 2)}, existing_pairs=[(1, 3)])
    (mentee,) = result.mentees
    assert mentee.candidates == ()
    assert "écartés par la coordination ou sont déjà en cours" in mentee.reason
    assert result.proposed_pairs == ()


@pytest.mark.parametrize(
    ("mentors", "fragment"),
    [
        ([], "ne s'est encore proposée pour parrainer"),
        ([elder(2, "gouvernance", capacity=0)], "ne s'est encore proposée pour parrainer"),
        ([elder(2, "gouvernance", capacity=1, active_mentees=1)], "ont déjà atteint leur capacité"),
        ([elder(2, "financement")], "« Gouvernance et vie coopérative »"),
        ([elder(2, "gouvernance", is_young=True)], "ne s'est encore proposée pour parrainer"),
    ],
)
def test_a_mentee_without_candidate_gets_a_french_reason(mentors, fragment):
    result = suggest([young(1, "gouvernance"), *mentors])
    (mentee,) = result.mentees
    assert mentee.candidates == ()
    assert fragment in mentee.reason
    assert result.proposed_pairs == ()
    assert result.reason


def test_empty_network_and_single_org():
    assert "Aucune organisation" in suggest([]).reason
    assert suggest([young(1, "gouvernance")]).to_dict()["mentees"][0]["candidates"] == []


def test_everyone_outside_the_departement_still_gets_suggestions():
    orgs = [
        young(1, "gouvernance", place="Lille", in_departement=False),
        elder(2, "gouvernance", place="Lille", in_departement=False),
    ]
    assert [(p.mentee_id, p.mentor_id) for p in suggest(orgs).proposed_pairs] == [(1, 2)]


def test_duplicate_themes_count_once():
    mentee = org(
        1,
        place="Lens",
        is_young=True,
        year_created=2023,
        needs=(
            NeedItem(1, "gouvernance", urgency="low"),
            NeedItem(2, "gouvernance", urgency="high"),
            NeedItem(3, "financement"),
        ),
    )
    mentor = org(
        2,
        place="Lens",
        year_created=2000,
        mentor_capacity=1,
        offers=(
            OfferItem(1, "gouvernance"),
            OfferItem(2, "gouvernance"),
        ),
    )
    (candidate,) = suggest([mentee, mentor]).mentees[0].candidates
    # governance counts once, with its highest urgency (3) against financing (2).
    assert candidate.components["complementarity"] == pytest.approx(3 / 5)
    assert sum("Gouvernance" in r and "couvert par" in r for r in candidate.reasons) == 1
    assert candidate.reasons[0].startswith("Besoin urgent")
    assert candidate.reasons[-1] == "Besoin non couvert : « Financement et fonds propres »"


def test_huge_texts_do_not_break_anything():
    text = "assemblée générale des collèges " * 4_000  # about 130 000 characters
    orgs = [young(1, "gouvernance", text=text), elder(2, "gouvernance", text=text)]
    (candidate,) = suggest(orgs).mentees[0].candidates
    assert candidate.components["text"] == pytest.approx(1.0)


def test_text_alone_makes_a_candidate():
    orgs = [
        young(1, "gouvernance", text="organiser une assemblée générale"),
        elder(2, "evenementiel", text="nous animons des assemblées générales"),
    ]
    (candidate,) = suggest(orgs).mentees[0].candidates
    assert candidate.components["complementarity"] == 0
    assert candidate.components["text"] > 0


def test_unknown_year_and_location_are_neutral_not_errors():
    orgs = [
        young(1, "gouvernance", year=None),
        elder(2, "gouvernance", year=None, lat=None, lon=None),
        elder(3, "gouvernance", year=2031, lat=float("nan"), lon=2.0),
    ]
    candidates = suggest(orgs, reference_year=2025).mentees[0].candidates
    assert [c.id for c in candidates] == [2, 3]
    for candidate in candidates:
        assert candidate.components["experience"] == 0.5
        assert candidate.components["proximity"] == 0
        assert candidate.distance_km is None
        assert "Distance inconnue : localisation manquante" in candidate.reasons
        assert any("Année de création inconnue" in r for r in candidate.reasons)


def test_experience_grows_with_the_head_start():
    orgs = [
        young(1, "gouvernance", year=2022),
        elder(2, "gouvernance", year=2017),
        elder(3, "gouvernance", year=2004),
        elder(4, "gouvernance", year=2024),
    ]
    by_id = {c.id: c.components["experience"] for c in suggest(orgs).mentees[0].candidates}
    assert by_id[4] == 0 and by_id[2] == pytest.approx(0.5) and by_id[3] > 0.75


def test_equal_scores_are_ordered_by_id_and_pairing_prefers_the_smaller_id():
    orgs = [
        young(1, "gouvernance"),
        elder(5, "gouvernance", capacity=1),
        elder(3, "gouvernance", capacity=1),
    ]
    result = suggest(orgs)
    assert [c.id for c in result.mentees[0].candidates] == [3, 5]
    assert result.proposed_pairs[0].mentor_id == 3


def test_top_k_limits_the_candidates():
    orgs = [young(1, "gouvernance")] + [elder(i, "gouvernance") for i in range(2, 12)]
    assert len(suggest(orgs, MatchingParams(top_k=3)).mentees[0].candidates) == 3


def test_min_score_keeps_weak_pairs_out_of_the_pairing_only():
    orgs = [
        young(1, "gouvernance", "financement", "emploi", "lieu"),
        elder(2, "lieu", place="Calais", year=2020),
    ]
    result = suggest(orgs, MatchingParams(min_score=0.5))
    assert len(result.mentees[0].candidates) == 1
    assert result.proposed_pairs == ()
    assert "score minimal (0,50)" in result.reason


def test_capacity_is_shared_out_by_the_pairing():
    orgs = [young(i, "gouvernance") for i in (1, 2, 3)] + [elder(9, "gouvernance", capacity=2)]
    pairs = suggest(orgs).proposed_pairs
    assert len(pairs) == 2 and {p.mentor_id for p in pairs} == {9}


def test_unknown_theme_codes_and_zero_weights_are_handled():
    orgs = [young(1, "inconnu"), elder(2, "inconnu")]
    params = MatchingParams(w_text=0, w_proximity=0)
    (candidate,) = suggest(orgs, params).mentees[0].candidates
    assert candidate.reasons[0] == "Besoin « inconnu » couvert par l'offre « inconnu »"


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="en double"):
        suggest([young(1, "gouvernance"), elder(1, "gouvernance")])


def test_input_order_does_not_matter():
    orgs = planted() + [young(7, "financement", place="Arras"), elder(8, "financement")]
    assert suggest(orgs).to_dict() == suggest(list(reversed(orgs))).to_dict()


def test_json_contract():
    data = suggest(planted(), reference_year=2025).to_dict()
    assert set(data) == {"mentees", "proposed_pairs"}
    (mentee,) = data["mentees"]
    assert set(mentee) == {"id", "name", "candidates"}
    candidate = mentee["candidates"][0]
    assert set(candidate) == {"id", "name", "score", "components", "distance_km", "reasons"}
    assert set(candidate["components"]) == {
        "complementarity",
        "text",
        "proximity",
        "experience",
        "affinity",
    }
    assert candidate["score"] == round(candidate["score"], 4)
    assert candidate["distance_km"] == round(candidate["distance_km"], 1)
    assert set(data["proposed_pairs"][0]) == {"mentee_id", "mentee", "mentor_id", "mentor", "score"}
    empty = suggest([young(1, "gouvernance")]).to_dict()
    assert set(empty) == {"mentees", "proposed_pairs", "reason"}
    assert set(empty["mentees"][0]) == {"id", "name", "candidates", "reason"}


def test_numpy_and_decimal_coordinates_are_accepted():
    import decimal

    import numpy as np

    orgs = [
        young(1, "gouvernance", lat=decimal.Decimal("50.4328"), lon=np.float32(2.8317)),
        elder(2, "gouvernance", lat=np.float64(50.4228), lon=2.7786),
    ]
    (candidate,) = suggest(orgs).mentees[0].candidates
    assert candidate.distance_km == pytest.approx(3.8, abs=0.2)
