"""The engine's answers are kept between requests, and dropped when the network changes."""

import pytest
from sqlalchemy import update

from entraide.core.extensions import db
from entraide.declarations.services import declare_offer, update_need, update_offer, withdraw_offer
from entraide.demo import load_demo
from entraide.helpfinder import network as cache
from entraide.models import Offer
from entraide.models.network_version import current_token
from entraide.organisations.services import update_organisation
from entraide.pairings import services as pairings
from entraide.suggestions import adapter
from entraide.suggestions.services import update_settings
from entraide.users.services import create_user
from tests.web.helpers import text_of


@pytest.fixture
def builds(monkeypatch):
    """How many times the network was read from the database."""
    calls = []
    real = cache.build

    def counting(key):
        calls.append(key)
        return real(key)

    monkeypatch.setattr(cache, "build", counting)
    return calls


def _changes_version(change) -> bool:
    before = current_token()
    change()
    db.session.commit()
    return current_token() != before


def test_the_version_changes_with_what_the_matching_reads(network, app_ctx):
    oak, young, far = network["oak"], network["young"], network["far"]
    coordinator = network["coordinator"]
    assert current_token() is not None
    changes = {
        "new offer": lambda: declare_offer(far, None, "financement", "Titres participatifs"),
        "offer text": lambda: update_offer(oak.offers[0], None, "gouvernance", "Autre texte"),
        "offer withdrawn": lambda: withdraw_offer(oak.offers[1], None),
        "need": lambda: update_need(network["governance"], None, "gouvernance", "AG", "high"),
        "capacity": lambda: update_organisation(far, None, mentor_capacity=3),
        "opt-in": lambda: update_organisation(far, None, proposable_sponsor=False),
        "settings": lambda: update_settings(coordinator, top_k=3),
        "pairing": lambda: pairings.propose(coordinator, young, oak),
        "rejection": lambda: pairings.reject_pair(coordinator, network["other"], oak, "Non"),
        "bulk update": lambda: db.session.execute(update(Offer).values(text="Tout change")),
    }
    for name, change in changes.items():
        assert _changes_version(change), name


def test_the_version_stays_when_nothing_the_matching_reads_changes(network, app_ctx):
    assert not _changes_version(lambda: create_user(None, "x@exemple.fr", "coordinator"))
    assert not _changes_version(lambda: update_organisation(network["far"], None))  # no change
    before = current_token()
    declare_offer(network["far"], None, "lieu", "Un lieu")
    db.session.rollback()
    assert current_token() == before


def test_pages_reuse_the_network_until_it_changes(network, client, login_as, app_ctx, builds):
    login_as(network["young_user"])
    assert "Chêne Lointain" in text_of(client.get("/qui-peut-m-aider"))
    client.get("/qui-peut-m-aider")
    login_as(network["oak_user"])
    client.get("/qui-puis-je-aider")
    assert len(builds) == 1  # read once for three pages of two organisations

    # Another request (another process, for what it knows) withdraws an offer: the next
    # page shows it at once.
    withdraw_offer(network["far"].offers[0], None)
    db.session.commit()
    login_as(network["young_user"])
    assert "Chêne Lointain" not in text_of(client.get("/qui-peut-m-aider"))
    assert len(builds) == 2

    declare_offer(network["far"], None, "gouvernance", "Collèges et assemblées")
    db.session.commit()
    assert "Chêne Lointain" in text_of(client.get("/qui-peut-m-aider"))
    assert len(builds) == 3


def test_a_change_of_offer_text_reorders_at_the_next_request(network, client, login_as, app_ctx):
    login_as(network["young_user"])
    first = text_of(client.get("/qui-peut-m-aider"))
    assert "similarité" not in first.split("Chêne Lointain")[1].split("</ul>")[0]

    update_offer(network["far"].offers[0], None, "gouvernance", "Préparer une assemblée générale")
    db.session.commit()

    after = text_of(client.get("/qui-peut-m-aider"))
    assert "similarité" in after.split("Chêne Lointain")[1].split("</ul>")[0]


def test_an_opt_out_or_a_capacity_of_zero_hides_the_sponsor_at_once(
    network, client, login_as, app_ctx
):
    login_as(network["young_user"])
    assert "Vieux Chêne" in text_of(client.get("/qui-peut-m-aider"))
    update_organisation(network["oak"], None, proposable_sponsor=False)
    db.session.commit()
    assert "Vieux Chêne" not in text_of(client.get("/qui-peut-m-aider"))
    update_organisation(network["oak"], None, proposable_sponsor=True, mentor_capacity=0)
    db.session.commit()
    assert "Vieux Chêne" not in text_of(client.get("/qui-peut-m-aider"))


def test_without_a_version_nothing_is_kept(network, app_ctx, builds):
    db.session.execute(db.text("DELETE FROM network_version"))
    db.session.commit()
    cache.snapshot()
    cache.snapshot()
    assert len(builds) == 2


def test_the_fast_loader_reads_the_same_profiles(network, app_ctx):
    pairings.propose(network["coordinator"], network["other"], network["oak"])
    load_demo()
    db.session.commit()

    assert adapter.load_profiles_fast() == adapter.load_profiles()


def test_asking_with_another_organisations_need_leaves_its_page_alone(
    network, client, login_as, app_ctx
):
    login_as(network["other_user"])
    assert "Vieux Chêne" in text_of(client.get("/qui-peut-m-aider"))
    cache.forget()
    login_as(network["young_user"])
    response = client.post(
        "/qui-peut-m-aider/demander",
        data={"need_id": network["other_need"].id, "mentor_id": network["oak"].id},
    )
    assert response.status_code == 422
    login_as(network["other_user"])
    assert "Vieux Chêne" in text_of(client.get("/qui-peut-m-aider"))
