"""The parrainage loop in Chromium, and a tour of the workflow pages around it.

The coordinator validates a sponsor for a young SCIC from the review queue, both SCICs
accept, one of them logs a meeting, and the coordinator sees the pairing "à jour".

The browser tests share one live server and demo database (conftest, scope "package"):
these tests only add data the other tests do not count (a pairing, a group, a call for
help), never close a need, and do not rely on what another test did or did not do.
Every page visited is kept as a full-page screenshot, numbered from 20.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE
from .test_journeys import COORDINATOR, MEMBER, MEMBER_ORG, VIEWER, expect_title, log_in, row_of

pytestmark = pytest.mark.browser

SPONSOR = "parrain@entraide.example"
SPONSOR_ORG = "Cliss XXI"
PAIRING = f"{MEMBER_ORG} ← {SPONSOR_ORG}"
OBJECTIVES = "Préparer la première assemblée générale et faire vivre les collèges."
SUMMARY = "Visite de Cliss XXI : présentation des collèges et du calendrier de l'AG."
ACTION = "Envoyer le modèle de convocation à l'AG"
HELP_TITLE = "Un lieu pour notre assemblée générale en juin"
FIRST_NUMBER = 20


def numbered_from_20(screenshot):
    """Number this module's screenshots from 20, whatever ran before (or did not)."""
    screenshot.count = max(screenshot.count, FIRST_NUMBER - 1)
    return screenshot


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url}: {width}px wide"


def selected_text(select) -> str:
    return select.evaluate("element => element.selectedOptions[0].text")


def open_pairing_as_member(page) -> None:
    """From the main navigation: Parrainages, then the pairing with the other SCIC."""
    nav = page.get_by_role("navigation", name="Navigation principale")
    nav.get_by_role("link", name="Parrainages").click()
    expect_title(page, "Nos parrainages")
    row_of(page, SPONSOR_ORG).get_by_role("link", name=re.compile("^Ouvrir")).click()
    expect_title(page, f"Parrainage : {PAIRING}")


def accept(page, who: str) -> None:
    answer = page.get_by_role("region", name="Votre réponse")
    answer.get_by_label("J'accepte le parrainage et sa charte").check()
    answer.get_by_label("Message (facultatif)").fill(f"Avec plaisir – {who}.")
    answer.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("status")).to_contain_text("Votre réponse est enregistrée.")


def test_coordinator_validates_a_sponsor_both_accept_and_a_meeting_is_logged(
    new_page, screenshot
):
    shot = numbered_from_20(screenshot)
    today = date.today()

    # --- The coordinator opens the review queue: Le Toit Commun waits for a sponsor.
    coordinator = new_page()
    log_in(coordinator, COORDINATOR)
    nav = coordinator.get_by_role("navigation", name="Navigation principale")
    nav.get_by_text("Parrainages", exact=True).click()
    nav.get_by_role("link", name="File de validation").click()
    expect_title(coordinator, "File de validation")
    item = coordinator.get_by_role("article", name=re.compile(f"^{MEMBER_ORG}"))
    # Cliss XXI is among its candidates (the one proposed on the fresh demo network; a
    # need declared by another test may put Coopconnexion first, so no rank is asserted).
    candidate = row_of(item, SPONSOR_ORG)
    expect(candidate.get_by_role("meter", name=f"Score de {SPONSOR_ORG}")).to_be_visible()
    shot(coordinator, "coordination-file-de-validation")

    coordinator.set_viewport_size(MOBILE)
    candidate.scroll_into_view_if_needed()
    assert_no_sideways_scroll(coordinator)
    shot(coordinator, "coordination-file-de-validation-mobile")
    coordinator.set_viewport_size(DESKTOP)

    # --- ... validates it through the proposal form, prefilled with the pair and needs.
    candidate.get_by_role("link", name=re.compile("^Valider")).click()
    expect_title(coordinator, "Proposer un parrainage")
    assert selected_text(coordinator.get_by_label("Filleule (jeune SCIC)")) == MEMBER_ORG
    assert selected_text(coordinator.get_by_label("Parrain", exact=True)).startswith(SPONSOR_ORG)
    coordinator.get_by_label("Objectifs").fill(OBJECTIVES)
    expect(coordinator.get_by_label("Durée prévue (mois)")).to_have_value("12")
    expect(coordinator.get_by_label("Rythme des rencontres (jours)")).to_have_value("30")
    shot(coordinator, "coordination-proposer-un-parrainage")
    coordinator.get_by_role("button", name="Valider et envoyer aux deux SCIC").click()
    expect_title(coordinator, f"Parrainage : {PAIRING}")
    expect(coordinator.get_by_role("status")).to_contain_text("proposé aux deux SCIC")
    expect(coordinator.get_by_text("En attente d'accord", exact=True)).to_be_visible()
    pairing_url = coordinator.url
    shot(coordinator, "coordination-parrainage-propose")

    # --- The member of Le Toit Commun finds the proposal and accepts it.
    member = new_page()
    log_in(member, MEMBER)
    open_pairing_as_member(member)
    expect(member.get_by_role("region", name="Votre réponse")).to_contain_text(
        f"être parrainée par {SPONSOR_ORG}"
    )
    shot(member, "filleule-parrainage-a-accepter")
    accept(member, MEMBER_ORG)
    engagement = member.get_by_role("region", name="Engagement")
    expect(engagement).to_contain_text(f"{MEMBER_ORG} – a accepté")
    expect(engagement).to_contain_text(f"{SPONSOR_ORG} – réponse attendue")
    expect(member.get_by_role("region", name="Votre réponse")).to_have_count(0)
    shot(member, "filleule-parrainage-accepte")

    # --- The member of Cliss XXI accepts too: the pairing starts.
    sponsor = new_page()
    log_in(sponsor, SPONSOR)
    open_pairing_as_member(sponsor)
    shot(sponsor, "marraine-parrainage-a-accepter")
    accept(sponsor, SPONSOR_ORG)
    expect(sponsor.get_by_role("status")).to_contain_text("Le parrainage commence !")
    expect(sponsor.get_by_text("Actif", exact=True)).to_be_visible()
    expect(sponsor.get_by_text(f"commencé le {today.strftime('%d/%m/%Y')}")).to_be_visible()
    shot(sponsor, "marraine-parrainage-actif")

    # --- ... and logs the first meeting, with one action.
    booklet = sponsor.get_by_role("region", name="Carnet de suivi")
    booklet.get_by_role("link", name="Noter une rencontre").click()
    expect_title(sponsor, "Noter une rencontre")
    expect(sponsor.get_by_label("Date de la rencontre")).to_be_focused()
    sponsor.get_by_label("Date de la rencontre").fill(today.isoformat())
    sponsor.get_by_label("Visite sur place").check()
    sponsor.get_by_label("Participants").fill("Sam (Le Toit Commun), Dominique (Cliss XXI)")
    sponsor.get_by_label("Durée (minutes)").fill("90")
    sponsor.get_by_label("Heures de bénévolat").fill("1,5")
    sponsor.get_by_label("Compte rendu").fill(SUMMARY)
    first_action = sponsor.get_by_role("group", name="Action 1")
    first_action.get_by_label("Action", exact=True).fill(ACTION)
    first_action.get_by_label("Responsable").fill("Dominique")
    first_action.get_by_label("Échéance").fill(date.fromordinal(today.toordinal() + 14).isoformat())
    shot(sponsor, "marraine-noter-une-rencontre")
    sponsor.get_by_role("button", name="Enregistrer la rencontre").click()

    expect_title(sponsor, f"Parrainage : {PAIRING}")
    expect(sponsor.get_by_role("status")).to_have_text(
        "La rencontre est notée dans le carnet de suivi."
    )
    meeting = booklet.get_by_role("article", name=re.compile("Visite sur place"))
    expect(meeting).to_contain_text(SUMMARY)
    expect(meeting).to_contain_text("1,5 heure(s)")
    expect(row_of(meeting, ACTION)).to_contain_text("À faire")
    expect(booklet.get_by_text("À jour", exact=True)).to_be_visible()
    shot(sponsor, "marraine-rencontre-notee")

    sponsor.set_viewport_size(MOBILE)
    expect(meeting).to_be_visible()
    assert_no_sideways_scroll(sponsor)
    shot(sponsor, "marraine-parrainage-mobile")

    # --- The coordinator sees it "à jour" on the follow-up dashboard ...
    nav.get_by_text("Parrainages", exact=True).click()
    nav.get_by_role("link", name="Suivi des parrainages").click()
    expect_title(coordinator, "Suivi des parrainages")
    follow_row = row_of(coordinator, PAIRING)
    expect(follow_row.get_by_role("cell").first).to_have_text("À jour")
    expect(follow_row).to_contain_text(today.strftime("%d/%m/%Y"))
    shot(coordinator, "coordination-suivi")

    # --- ... and the meeting on the pairing page.
    follow_row.get_by_role("link", name=PAIRING).click()
    expect(coordinator).to_have_url(pairing_url)
    meeting = coordinator.get_by_role("region", name="Carnet de suivi").get_by_role(
        "article", name=re.compile("Visite sur place")
    )
    expect(meeting).to_contain_text(SUMMARY)
    expect(meeting).to_contain_text("Dominique Parrain")
    shot(coordinator, "coordination-parrainage-actif")

    # --- The member's side: the dashboard and its pairings, the pairing on a phone.
    member.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mon organisation"
    ).click()
    expect_title(member, MEMBER_ORG)
    shot(member, "filleule-tableau-de-bord")
    open_pairing_as_member(member)
    member.set_viewport_size(MOBILE)
    expect(member.get_by_role("region", name="Carnet de suivi")).to_contain_text(ACTION)
    assert_no_sideways_scroll(member)
    shot(member, "filleule-parrainage-mobile")

    # --- The funder sees neither the pairing nor the follow-up.
    viewer = new_page()
    log_in(viewer, VIEWER)
    response = viewer.goto(pairing_url)
    assert response is not None and response.status == 404
    response = viewer.goto("/suivi")
    assert response is not None and response.status == 403
    expect(viewer.get_by_role("heading", level=1)).to_contain_text("Accès refusé")
    shot(viewer, "financeur-suivi-interdit")


def test_tour_of_the_matching_groups_help_and_journal_pages(new_page, screenshot):
    shot = numbered_from_20(screenshot)

    # --- Coordinator: suggestions, proposed groups on their map, settings preview.
    coordinator = new_page()
    log_in(coordinator, COORDINATOR)
    nav = coordinator.get_by_role("navigation", name="Navigation principale")
    nav.get_by_role("link", name="Rapprochement").click()
    expect_title(coordinator, "Suggestions de parrainage")
    expect(
        coordinator.get_by_role("region", name="Appariement proposé pour le réseau")
    ).to_contain_text(SPONSOR_ORG)
    shot(coordinator, "coordination-suggestions")

    subnav = coordinator.get_by_role("navigation", name="Rapprochement")
    subnav.get_by_role("link", name="Groupes territoriaux").click()
    expect_title(coordinator, "Groupes territoriaux proposés")
    expect(coordinator.get_by_role("figure").first).to_be_visible()
    shot(coordinator, "coordination-groupes-proposes")

    subnav.get_by_role("link", name="Réglages du rapprochement").click()
    expect_title(coordinator, "Réglages du rapprochement")
    coordinator.get_by_label("Proximité géographique").fill("4")
    coordinator.get_by_role("button", name="Prévisualiser").click()
    preview = coordinator.get_by_role("region", name=re.compile("^Aperçu"))
    expect(preview.get_by_role("row").first).to_be_visible()
    shot(coordinator, "coordination-reglages-apercu")

    # --- Validates the first proposed group, and lands on its page.
    subnav.get_by_role("link", name="Groupes territoriaux").click()
    coordinator.get_by_role("button", name=re.compile("^Valider ce groupe")).first.click()
    expect(coordinator.get_by_role("status")).to_contain_text("est validé")
    expect_title(coordinator, re.compile("^Groupe territorial"))
    shot(coordinator, "coordination-groupe")

    # --- Member: launches a call for help, then reads it.
    member = new_page()
    log_in(member, MEMBER)
    member.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Appels à l'entraide"
    ).click()
    expect_title(member, "Appels à l'entraide")
    shot(member, "membre-appels-a-l-entraide")
    member.get_by_role("link", name="Lancer un appel").click()
    expect_title(member, "Lancer un appel à l'entraide")
    member.get_by_label("Thème").select_option(label="Locaux et tiers-lieux")
    member.get_by_label("Titre").fill(HELP_TITLE)
    member.get_by_label("Votre demande").fill(
        "Nous cherchons une salle de 60 places près d'Arras pour un samedi de juin."
    )
    shot(member, "membre-appel-formulaire")
    member.get_by_role("button", name="Lancer l'appel").click()
    expect_title(member, HELP_TITLE)
    expect(member.get_by_role("status")).to_contain_text("Votre appel à l'entraide est lancé")
    shot(member, "membre-appel")

    # --- Coordinator: the call in the follow-up, and the journal of decisions.
    nav.get_by_text("Réseau", exact=True).click()
    nav.get_by_role("link", name="Appels à l'entraide").click()
    expect_title(coordinator, "Suivi des appels à l'entraide")
    expect(coordinator.get_by_role("article", name=HELP_TITLE)).to_be_visible()
    shot(coordinator, "coordination-appels")

    nav.get_by_text("Réseau", exact=True).click()
    nav.get_by_role("link", name="Journal des décisions").click()
    expect_title(coordinator, "Journal des actions")
    filters = coordinator.get_by_role("search", name="Filtrer le journal")
    expect(filters.get_by_label("Type d'objet")).to_be_visible()
    shot(coordinator, "coordination-journal")
