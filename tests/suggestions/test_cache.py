"""The suggestions with the stored settings are kept between requests until the network changes."""

import pytest

from entraide.core.extensions import db
from entraide.matching import MatchingParams
from entraide.models.partners import are_partners
from entraide.organisations.services import update_organisation
from entraide.pairings import services as pairings
from entraide.suggestions import services

LENS, LIEVIN = "62498", "62510"


@pytest.fixture(autouse=True)
def _no_kept_suggestions():
    services.forget_suggestions()
    yield
    services.forget_suggestions()


@pytest.fixture
def network(make):
    young = make.organisation("Jeune Coop", commune_insee=LENS, year_created=2023)
    make.need(young, "gouvernance", "Préparer notre assemblée générale")
    sponsor = make.organisation(
        "Voisine Expérimentée", commune_insee=LIEVIN, year_created=2005, mentor_capacity=1
    )
    make.offer(sponsor, "gouvernance", "Animation d'assemblées générales")
    return {"young": young, "sponsor": sponsor}


def _mentees(result) -> set[str]:
    return {m.name for m in result.mentees}


def test_the_same_network_gives_the_kept_suggestions(network, app_ctx):
    first = services.network_suggestions()
    assert services.network_suggestions() is first
    assert "Jeune Coop" in _mentees(first)


def test_a_committed_need_is_seen_at_once(network, make, app_ctx):
    before = services.network_suggestions()
    newcomer = make.organisation("Nouvelle Coop", commune_insee=LENS, year_created=2024)
    make.need(newcomer, "gouvernance", "Écrire nos statuts")
    after = services.network_suggestions()
    assert after is not before
    assert "Nouvelle Coop" in _mentees(after)


def test_a_capacity_set_to_zero_removes_the_sponsor_at_once(network, app_ctx):
    assert services.network_suggestions().proposed_pairs
    update_organisation(network["sponsor"], None, mentor_capacity=0)
    db.session.commit()
    assert not services.network_suggestions().proposed_pairs


def test_other_settings_are_computed_afresh(network, app_ctx):
    kept = services.network_suggestions()
    preview = services.network_suggestions(MatchingParams(top_k=1))
    assert preview is not kept
    assert services.network_suggestions() is kept


def test_a_pairing_made_in_the_request_makes_partners_at_once(network, make, app_ctx):
    coordinator = make.user("coordinator")
    young, sponsor = network["young"], network["sponsor"]
    assert not are_partners(young.id, sponsor.id)  # read, and kept for the session
    pairings.propose(coordinator, young, sponsor)
    db.session.flush()
    assert are_partners(young.id, sponsor.id)
    db.session.rollback()
    assert not are_partners(young.id, sponsor.id)
