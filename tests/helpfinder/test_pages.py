"""« Qui peut m'aider ? » and « Qui puis-je aider ? »: who is shown, to whom, and how."""

import re

from entraide.core.extensions import db
from entraide.declarations.services import close_need
from entraide.matching.needs import candidates_for_need
from entraide.pairings import services as pairings
from entraide.suggestions import adapter
from entraide.suggestions.services import current_settings
from tests.helpfinder.conftest import SECRET_EMAIL
from tests.web.helpers import text_of

HELP, OFFER = "/qui-peut-m-aider", "/qui-puis-je-aider"


def _section(page: str, need_id: int) -> str:
    """The part of the page about one need."""
    match = re.search(rf'<section class="need-help" id="besoin-{need_id}".*?</section>', page, re.S)
    assert match, f"no section for need {need_id}"
    return match.group(0)


def _sponsor_names(section: str) -> list[str]:
    return re.findall(r'<p class="sponsor-name"><strong>(?:<a [^>]*>)?([^<]+)<', section)


def test_a_young_scic_sees_the_best_sponsors_of_each_need(network, client, login_as, app_ctx):
    login_as(network["young_user"])

    page = text_of(client.get(HELP))

    governance = _section(page, network["governance"].id)
    # Opted in, experienced, a place left, offering the theme; the nearest first.
    assert _sponsor_names(governance) == ["Vieux Chêne", "Chêne Lointain"]
    assert "Besoin « Gouvernance et vie coopérative » couvert par l'offre" in governance
    assert "SCIC depuis 2004" in governance
    assert re.search(r"<li>\d+ km</li>", governance)  # the distance, in French
    funding = _section(page, network["funding"].id)
    assert _sponsor_names(funding) == ["Vieux Chêne"]
    assert "Besoin urgent « Financement et fonds propres »" in funding
    assert page.count("Demander ce parrainage") == 3


def test_the_same_engine_ranks_them(network, client, login_as, app_ctx):
    """The page shows what the matching engine computes, in its order, with its reasons."""
    login_as(network["young_user"])
    page = text_of(client.get(HELP))
    profiles = {p.id: p for p in adapter.load_profiles()}
    young = profiles[network["young"].id]
    need = next(n for n in young.needs if n.id == network["governance"].id)
    expected = candidates_for_need(
        young,
        need,
        [profiles[network["oak"].id], profiles[network["far"].id]],
        current_settings().to_params(),
    )
    assert [c.name for c in expected] == _sponsor_names(_section(page, need.id))
    for reason in expected[0].reasons:
        assert f"<li>{reason}</li>" in page


def test_never_shown_the_sponsors_that_cannot_sponsor(network, client, login_as, app_ctx):
    login_as(network["young_user"])

    page = text_of(client.get(HELP))

    for key in ("not_opted_in", "no_capacity", "archived", "young_sponsor", "other_theme"):
        assert network[key].name not in page, key


def test_a_sponsor_with_no_place_left_is_not_shown(network, client, login_as, app_ctx):
    third = network["coordinator"]
    pairings.propose(third, network["other"], network["far"])  # its only place
    db.session.commit()
    login_as(network["young_user"])

    page = text_of(client.get(HELP))

    assert _sponsor_names(_section(page, network["governance"].id)) == ["Vieux Chêne"]


def test_a_member_sees_only_its_own_needs(network, client, login_as, app_ctx):
    login_as(network["young_user"])

    page = text_of(client.get(HELP))

    assert "Écrire le règlement intérieur" not in page
    assert f'id="besoin-{network["other_need"].id}"' not in page
    assert "Autre Pousse" not in page


def test_no_flag_in_difficulty_nor_contact_data(network, client, login_as, app_ctx):
    login_as(network["young_user"])
    help_page = text_of(client.get(HELP))
    login_as(network["oak_user"])
    offer_page = text_of(client.get(OFFER))

    for page in (help_page, offer_page):
        assert "difficulté" not in page.lower()
        assert SECRET_EMAIL not in page
        assert "@" not in page.split("<main")[1].split("</main>")[0]
    assert "Autre Pousse" in offer_page  # in difficulty, yet shown like the others


def test_an_experienced_scic_sees_the_needs_its_offers_cover(network, client, login_as, app_ctx):
    login_as(network["oak_user"])

    page = text_of(client.get(OFFER))

    assert "3 besoins couverts par vos offres · 2 places de parrainage libres." in page
    for text in ("Préparer notre assemblée générale", "Augmenter nos fonds propres"):
        assert text in page
    assert "Écrire le règlement intérieur des collèges" in page
    assert re.search(
        r"Jeune Pousse</strong> <small>Lens</small> · <span class=\"distance\">à \d+ km", page
    )
    assert page.count("Proposer mon aide") == 3
    # Not the needs of a young SCIC that already has a sponsor.
    pairings.propose(network["coordinator"], network["other"], network["far"])
    db.session.commit()
    page = text_of(client.get(OFFER))
    assert "Écrire le règlement intérieur" not in page and page.count("Proposer mon aide") == 2


def test_an_experienced_scic_that_did_not_opt_in_is_told_how(network, client, login_as, make):
    login_as(make.member(network["not_opted_in"]))

    page = text_of(client.get(OFFER))

    assert "acceptez d'être proposée comme SCIC marraine" in page
    assert "Proposer mon aide" not in page and "Jeune Pousse" not in page
    assert f"/organisations/{network['not_opted_in'].id}/modifier" in page


def test_each_side_is_sent_to_its_own_page(network, client, login_as, app_ctx):
    login_as(network["young_user"])
    assert client.get(OFFER).headers["Location"].endswith(HELP)
    assert "Qui peut m'aider ?" in text_of(client.get("/qui-peut-m-aider"))
    login_as(network["oak_user"])
    assert client.get(HELP).headers["Location"].endswith(OFFER)


def test_empty_states(network, client, login_as, app_ctx):
    for need in (network["governance"], network["funding"]):
        close_need(need, None, "met")
    db.session.commit()
    login_as(network["young_user"])
    assert "Votre organisation n'a aucun besoin ouvert." in text_of(client.get(HELP))
    login_as(network["far_user"])
    page = text_of(client.get(OFFER))
    assert "Écrire le règlement intérieur" in page  # the other young SCIC still needs help
    close_need(network["other_need"], None, "met")
    db.session.commit()
    assert "Aucune jeune SCIC sans marraine" in text_of(client.get(OFFER))


def test_a_need_nobody_offers_says_what_to_do(network, client, login_as, make):
    need = make.need(network["young"], "subventions", "Savoir si nous pouvons être aidés")
    login_as(network["young_user"])

    section = _section(text_of(client.get(HELP)), need.id)

    assert "Aucune SCIC marraine disponible ne propose encore d'aide sur ce thème" in section
    assert 'href="/entraide/nouveau"' in section


def test_a_sponsored_young_scic_is_shown_its_pairing(network, client, login_as, app_ctx):
    pairing = pairings.propose(network["coordinator"], network["young"], network["oak"])
    db.session.commit()
    login_as(network["young_user"])

    page = text_of(client.get(HELP))

    oak = network["oak"].name
    assert f"Un parrainage par {oak} est déjà proposé à votre organisation." in page
    assert f"/parrainages/{pairing.id}" in page and "Demander ce parrainage" not in page

    pairings.answer(pairing, None, "mentee", True, None)
    pairings.answer(pairing, None, "mentor", True, None)
    db.session.commit()
    assert f"Votre organisation est déjà parrainée par {oak}." in text_of(client.get(HELP))
