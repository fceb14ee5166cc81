"""« Qui peut m'aider ? » and « Qui puis-je aider ? » in Chromium, and the queue between.

A young SCIC asks an experienced one for its sponsorship, the request stands out first
in the coordination's queue with its message, the coordination declines it with a reason,
and the young SCIC reads that reason; the experienced SCIC sees the needs its offers cover
and sends, then withdraws, an offer of help. The other modules of the package share the
demo database (its young SCICs may be sponsored by then): this module adds two fictional
SCICs of its own, with an account each, and validates nothing. Screenshots are numbered from 40.
"""

import re

import pytest
from playwright.sync_api import expect

from entraide.core.extensions import db

from .conftest import MOBILE
from .test_journeys import COORDINATOR, expect_title, log_in

pytestmark = pytest.mark.browser

MEMBER, MEMBER_ORG = "jeune@ternois.example", "Jeune Pousse fictive du Ternois"
SPONSOR, SPONSOR_ORG = "aine@ternois.example", "Vieille Souche fictive du Ternois"
GOVERNANCE = "Gouvernance et vie coopérative"
MESSAGE = "Notre première assemblée générale est en juin : un regard extérieur nous aiderait."
REASON = "Le groupe du Ternois se réunit en juin : parlons-en ensemble avant un parrainage."
FIRST_NUMBER = 40


@pytest.fixture(scope="module", autouse=True)
def _two_scics(live_app):
    """A young SCIC with a governance need, and a sponsor near it that opted in."""
    from entraide.declarations.services import declare_need, declare_offer
    from entraide.demo import DEMO_PASSWORD
    from entraide.organisations.services import create_organisation
    from entraide.users.services import create_user

    with live_app.app_context():
        young = create_organisation(
            None, MEMBER_ORG, year_created=2024, commune_insee="62767", sector="culture"
        )
        declare_need(young, None, "gouvernance", "Organiser notre première assemblée générale")
        elder = create_organisation(
            None,
            SPONSOR_ORG,
            year_created=2004,
            commune_insee="62767",
            mentor_capacity=1,
            proposable_sponsor=True,
            in_difficulty=True,
        )
        declare_offer(elder, None, "gouvernance", "Animation d'assemblées générales")
        for email, org in ((MEMBER, young), (SPONSOR, elder)):
            create_user(None, email, "member", organisation=org, password=DEMO_PASSWORD)
        db.session.commit()
        db.session.remove()


@pytest.fixture
def shot(screenshot):
    screenshot.count = max(screenshot.count, FIRST_NUMBER - 1)
    return screenshot


def test_a_young_scic_asks_and_the_coordination_answers(new_page, shot):
    # --- The young SCIC opens « Qui peut m'aider ? » from the main navigation.
    member = new_page()
    log_in(member, MEMBER)
    member.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Qui peut m'aider ?"
    ).click()
    expect_title(member, "Qui peut m'aider ?")
    need = member.get_by_role("region", name=re.compile(f"^{GOVERNANCE}"))
    sponsor = need.get_by_role("listitem").filter(has_text=SPONSOR_ORG).first
    expect(sponsor).to_contain_text("SCIC depuis 2004")
    expect(sponsor).to_contain_text("Même commune (Saint-Pol-sur-Ternoise)")
    expect(member.locator("main")).not_to_contain_text("difficulté")
    shot(member, "filleule-qui-peut-m-aider")

    member.set_viewport_size(MOBILE)
    width = member.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"]
    shot(member, "filleule-qui-peut-m-aider-mobile")
    member.set_viewport_size({"width": 1280, "height": 900})

    # --- ... asks for the older SCIC's sponsorship, with a short message.
    sponsor.get_by_role("button", name="Demander ce parrainage").click()
    sponsor.get_by_label("Message à la coordination (facultatif)").fill(MESSAGE)
    sponsor.get_by_role("button", name="Envoyer la demande à la coordination").click()
    expect(member.get_by_role("status")).to_contain_text("est envoyée à la coordination")
    requests = member.get_by_role("region", name="Vos demandes de parrainage")
    expect(requests).to_contain_text("En attente de la coordination")
    shot(member, "filleule-demande-envoyee")

    # --- The coordination finds it first in its queue, with the message.
    coordinator = new_page()
    log_in(coordinator, COORDINATOR)
    coordinator.goto("/parrainages/file")
    expect_title(coordinator, "File de validation")
    request = coordinator.get_by_role(
        "article", name=re.compile(f"Demande de parrainage {MEMBER_ORG} parrainée par")
    ).first
    expect(request).to_contain_text(MESSAGE)
    box = request.bounding_box()
    first_mentee = coordinator.locator("article.queue-item").first.bounding_box()
    assert box["y"] < first_mentee["y"]
    shot(coordinator, "coordination-file-avec-demande")

    # --- ... and declines it, with the reason the young SCIC will read.
    request.get_by_role("button", name="Refuser la demande").click()
    request.get_by_label(re.compile("^Motif")).fill(REASON)
    request.get_by_role("button", name="Confirmer le refus").click()
    expect(coordinator.get_by_role("status")).to_contain_text("La demande est refusée")

    member.reload()
    expect(requests).to_contain_text("Refusée par la coordination")
    expect(requests).to_contain_text(REASON)
    shot(member, "filleule-demande-refusee")


def test_a_sponsor_offers_its_help_then_withdraws_it(new_page, shot):
    sponsor = new_page()
    log_in(sponsor, SPONSOR)
    sponsor.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Qui puis-je aider ?"
    ).click()
    expect_title(sponsor, "Qui puis-je aider ?")
    needs = sponsor.locator("ol.need-offers > li")
    expect(needs.filter(has_text=MEMBER_ORG).first).to_contain_text(GOVERNANCE)
    shot(sponsor, "marraine-qui-puis-je-aider")

    young = needs.filter(has_text=MEMBER_ORG).first
    young.get_by_role("button", name="Proposer mon aide").click()
    young.get_by_label("Message à la coordination (facultatif)").fill("Une fois par mois.")
    young.get_by_role("button", name="Envoyer la proposition à la coordination").click()
    expect(sponsor.get_by_role("status")).to_contain_text("est envoyée à la coordination")
    offers = sponsor.get_by_role("region", name="Vos propositions d'aide")
    expect(offers).to_contain_text("En attente de la coordination")
    shot(sponsor, "marraine-proposition-envoyee")

    offers.get_by_role("button", name="Retirer").first.click()
    offers.get_by_role("button", name="Confirmer : retirer la demande").first.click()
    expect(sponsor.get_by_role("status")).to_contain_text("Votre demande est retirée.")
    expect(offers).to_contain_text("Retirée")
