"""The engine need by need (« Qui peut m'aider ? », « Qui puis-je aider ? »): no app."""

import pytest

from entraide.matching import MatchingParams, NeedItem, suggest
from entraide.matching.needs import candidates_for_need, need_row, needs_for_mentor

from .factories import elder, young


def sponsors():
    return [
        elder(2, "gouvernance", "financement", place="Liévin", year=2008, sector="commerce"),
        elder(3, "gouvernance", place="Boulogne-sur-Mer", year=2004),
        elder(4, "gouvernance", place="Lens", year=2022, is_young=True),  # young itself
        elder(5, "gouvernance", place="Lens", capacity=1, active_mentees=1),  # no place left
        elder(6, "gouvernance", place="Lens", capacity=0),  # does not sponsor
        elder(7, "lieu", place="Lens", text="gouvernance assemblée générale"),  # another theme
    ]


def test_the_able_sponsors_of_one_need_best_first():
    mentee = young(1, "gouvernance", "financement", place="Lens", sector="commerce")
    governance, funding = mentee.needs

    found = candidates_for_need(mentee, governance, sponsors(), reference_year=2025)

    assert [c.id for c in found] == [2, 3]
    assert found[0].score > found[1].score
    assert found[0].reasons[0] == (
        "Besoin « Gouvernance et vie coopérative » "
        "couvert par l'offre « Gouvernance et vie coopérative »"
    )
    assert "4 km" in found[0].reasons and "Même secteur (Commerce)" in found[0].reasons
    # Never « Besoin non couvert » about the young SCIC's other need.
    assert not any("non couvert" in reason for c in found for reason in c.reasons)
    assert [c.id for c in candidates_for_need(mentee, funding, sponsors())] == [2]


def test_scores_are_the_coordinations_for_a_single_need():
    """Reduced to one need, the young SCIC gets the scores and reasons of ``suggest`` (here
    where the text similarity does not depend on which offers the vocabulary is learned)."""
    mentee = young(1, "gouvernance", place="Lens", sector="commerce", text="assemblée générale")
    orgs = [mentee, *sponsors()]
    (suggested,) = suggest(orgs, reference_year=2025).mentees
    found = candidates_for_need(mentee, mentee.needs[0], orgs, reference_year=2025)
    # The coordination's list may add sponsors that only share words (id 7).
    expected = [c for c in suggested.candidates if c.components["complementarity"] > 0]
    assert [(c.id, round(c.score, 9), c.reasons) for c in found] == [
        (c.id, round(c.score, 9), c.reasons) for c in expected
    ]


def test_excluded_sponsors_and_top_k():
    mentee = young(1, "gouvernance", place="Lens")
    need = mentee.needs[0]
    assert [c.id for c in candidates_for_need(mentee, need, sponsors(), excluded={2})] == [3]
    found = candidates_for_need(mentee, need, sponsors(), MatchingParams(top_k=1))
    assert [c.id for c in found] == [2]
    assert candidates_for_need(mentee, need, sponsors(), top_k=1)[0].id == 2
    assert candidates_for_need(mentee, NeedItem(9, "subventions"), sponsors()) == ()


def test_the_needs_one_sponsor_covers():
    mentor = elder(2, "gouvernance", "financement", place="Liévin", year=2008)
    near = young(10, "gouvernance", "emploi", place="Lens")
    far = young(11, "financement", place="Calais", urgency="high")
    grown = elder(12, "gouvernance", place="Lens")  # not young: not a mentee
    grown = grown.__class__(**{**grown.__dict__, "needs": (NeedItem(1299, "gouvernance"),)})

    found = needs_for_mentor(mentor, [far, near, grown], reference_year=2025)

    assert [(m.org_id, m.theme) for m in found] == [(10, "gouvernance"), (11, "financement")]
    assert found[0].need_id == near.needs[0].id and found[0].org_name == near.name
    assert found[0].distance_km == pytest.approx(3.8, abs=0.2)
    assert found[0].score > found[1].score
    assert "Besoin urgent « Financement et fonds propres »" in found[1].reasons[0]
    assert needs_for_mentor(mentor, [near, far], excluded={10, 11}) == ()
    assert needs_for_mentor(elder(3, "lieu"), [near, far]) == ()


def test_a_need_row_keeps_everything_but_the_other_needs():
    mentee = young(1, "gouvernance", "emploi", place="Lens")
    row = need_row(mentee, mentee.needs[1])
    assert row.id == -mentee.needs[1].id and row.needs == (mentee.needs[1],)
    assert (row.lat, row.lon, row.name, row.is_young) == (
        mentee.lat,
        mentee.lon,
        mentee.name,
        True,
    )
