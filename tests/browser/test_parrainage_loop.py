"""The parrainage loop in Chromium, and a tour of the workflow pages around it.

The coordinator validates a sponsor for a young SCIC of the demo from the review queue
(the Cantine fictive du Montreuillois, which asked for the SCIC fictive des Deux Caps from
« Qui peut m'aider ? »), the contact people of both SCICs accept, the SCIC marraine logs a
meeting, and the coordinator sees the pairing "à jour".

The browser tests share one live server and demo database (conftest, scope "package"):
these tests only add data that the other tests do not count (a pairing, a group, a call
for help), never close a need, and rely on nothing another test did or did not do.
Every page visited is kept as a full-page screenshot, numbered from 20.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from entraide.demo import DEMO_PASSWORD

from .conftest import DESKTOP, MOBILE
from .test_journeys import COORDINATOR, MEMBER, action, expect_title, row_of

pytestmark = pytest.mark.browser

# The demo's contact people of the two SCICs of the loop (every demo person has the
# demo password).
MENTEE, MENTEE_ORG = (
    "ines.roussel@cantine-montreuillois.example",
    "Cantine fictive du Montreuillois",
)
SPONSOR, SPONSOR_ORG = "helene.caron@deux-caps.example", "SCIC fictive des Deux Caps"
PAIRING = f"{MENTEE_ORG} ← {SPONSOR_ORG}"
OBJECTIVES = "Faire connaître la cantine aux familles et aux mairies."
SUMMARY = "Visite de la cantine : les familles à convaincre, la vitrine, les réseaux."
ACTION = "Envoyer le modèle de convocation à l'AG"
HELP_TITLE = "Un lieu pour notre assemblée générale en juin"
FIRST_NUMBER = 20


@pytest.fixture(scope="module")
def signed_in(browser, live_server) -> dict:
    """The saved sessions (cookies) of the people of this module, by email.

    Each account logs in once for this module, through the login form, and all at the
    same time: the password hash is slow on purpose. Each lands on its first page of
    the loop (for the coordinator, the review queue's first load also loads the matching's
    text model while the other two passwords are checked). Pages then open already signed
    in with ``new_page(storage_state=signed_in[email])``.
    """
    landings = {
        COORDINATOR: ("/parrainages/file", "File de validation"),
        MENTEE: ("/parrainages", "Nos parrainages"),
        SPONSOR: ("/parrainages", "Nos parrainages"),
        MEMBER: ("/entraide", "Appels à l'entraide"),
    }
    pages = {}
    for email, (path, _title) in landings.items():
        context = browser.new_context(base_url=live_server, viewport=DESKTOP, locale="fr-FR")
        pages[email] = context.new_page()
        pages[email].goto(f"/connexion?next={path}", wait_until="commit")
    for email, page in pages.items():
        page.get_by_label("Adresse électronique").fill(email)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    for page in pages.values():
        page.get_by_role("button", name="Se connecter").click(no_wait_after=True)
    states = {}
    for email, page in pages.items():
        expect_title(page, landings[email][1])
        states[email] = page.context.storage_state()
        page.context.close()
    return states


@pytest.fixture
def shot(screenshot):
    """The package's screenshot helper, numbering this module's pictures from 20."""
    screenshot.count = max(screenshot.count, FIRST_NUMBER - 1)
    return screenshot


def selected_text(select) -> str:
    return select.evaluate("element => element.selectedOptions[0].text")


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url}: {width}px wide"


def main_nav(page):
    return page.get_by_role("navigation", name="Navigation principale")


def open_pairing(page, shot=None, name: str = "") -> None:
    """From the member's list of pairings, open the one with the other SCIC."""
    expect_title(page, "Nos parrainages")
    row = row_of(page, SPONSOR_ORG)
    if shot:
        shot(page, name)
    row.get_by_role("link", name=f"Ouvrir le parrainage {MENTEE_ORG} – {SPONSOR_ORG}").click()
    expect_title(page, f"Parrainage : {PAIRING}")


def accept(page, who: str) -> None:
    answer = page.get_by_role("region", name="Votre réponse")
    answer.get_by_label("J'accepte le parrainage et sa charte").check()
    answer.get_by_label("Message à la coordination (facultatif)").fill(f"Avec plaisir – {who}.")
    answer.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("status")).to_contain_text("Votre réponse est enregistrée.")


def test_coordinator_validates_a_sponsor_both_accept_and_a_meeting_is_logged(
    new_page, signed_in, shot
):
    today = date.today()

    # --- The coordinator opens the review queue: the Cantine waits for a sponsor.
    coordinator = new_page(storage_state=signed_in[COORDINATOR])
    coordinator.goto("/parrainages/file")
    nav = main_nav(coordinator)
    expect_title(coordinator, "File de validation")
    item = coordinator.get_by_role("article", name=re.compile(f"^{MENTEE_ORG}"))
    # The SCIC it asked for is among its candidates (no rank asserted: a need declared by
    # another test may move them).
    candidate = row_of(item, SPONSOR_ORG)
    expect(candidate.get_by_role("meter", name=f"Score de {SPONSOR_ORG}")).to_be_visible()
    shot(coordinator, "coordination-file-de-validation")

    coordinator.set_viewport_size(MOBILE)
    expect(action(candidate, re.compile("^Valider"))).to_be_visible()
    assert_no_sideways_scroll(coordinator)
    shot(coordinator, "coordination-file-de-validation-mobile")
    coordinator.set_viewport_size(DESKTOP)

    # --- ... validates it through the proposal form, prefilled with the pair and needs.
    action(candidate, re.compile("^Valider")).click()
    expect_title(coordinator, "Proposer un parrainage")
    assert selected_text(coordinator.get_by_label("SCIC filleule (jeune SCIC)")) == MENTEE_ORG
    assert selected_text(coordinator.get_by_label(re.compile(r"^SCIC marraine\b"))).startswith(
        SPONSOR_ORG
    )
    # Every open need of the young SCIC is ticked: the one it asked for is at stake.
    needs = coordinator.get_by_role("group", name="Besoins visés")
    expect(needs.get_by_role("checkbox", name=re.compile("^Communication"))).to_be_checked()
    coordinator.get_by_label("Objectifs").fill(OBJECTIVES)
    expect(coordinator.get_by_label("Durée prévue (mois)")).to_have_value("12")
    expect(coordinator.get_by_label("Rythme des rencontres (jours)")).to_have_value("30")
    shot(coordinator, "coordination-proposer-un-parrainage")
    coordinator.get_by_role("button", name="Valider et envoyer aux deux SCIC").click()
    expect_title(coordinator, f"Parrainage : {PAIRING}")
    expect(coordinator.get_by_role("status")).to_contain_text("proposé aux deux SCIC")
    expect(coordinator.get_by_text("En attente d'accord", exact=True).first).to_be_visible()
    pairing_url = coordinator.url
    shot(coordinator, "coordination-parrainage-propose")

    # --- The Cantine's contact finds the proposal in its pairings and accepts it.
    member = new_page(storage_state=signed_in[MENTEE])
    member.goto("/parrainages")
    open_pairing(member, shot, "filleule-nos-parrainages")
    expect(member.get_by_role("region", name="Votre réponse")).to_contain_text(
        f"être parrainée par {SPONSOR_ORG}"
    )
    shot(member, "filleule-parrainage-a-accepter")
    accept(member, MENTEE_ORG)
    engagement = member.get_by_role("region", name="Engagement")
    expect(engagement).to_contain_text(f"{MENTEE_ORG} – a accepté")
    expect(engagement).to_contain_text(f"{SPONSOR_ORG} – réponse attendue")
    expect(member.get_by_role("region", name="Votre réponse")).to_have_count(0)
    shot(member, "filleule-parrainage-accepte")

    # --- The contact of the SCIC marraine accepts too: the pairing starts.
    sponsor = new_page(storage_state=signed_in[SPONSOR])
    sponsor.goto("/parrainages")
    open_pairing(sponsor, shot, "marraine-nos-parrainages")
    shot(sponsor, "marraine-parrainage-a-accepter")
    accept(sponsor, SPONSOR_ORG)
    expect(sponsor.get_by_role("status")).to_contain_text("Le parrainage commence !")
    expect(sponsor.get_by_text("Actif", exact=True).first).to_be_visible()
    expect(sponsor.get_by_text(f"commencé le {today.strftime('%d/%m/%Y')}")).to_be_visible()
    shot(sponsor, "marraine-parrainage-actif")

    # --- ... and logs the first meeting: today, a visit, hours, a summary, one action.
    booklet = sponsor.get_by_role("region", name="Carnet de suivi")
    action(booklet, "Noter une rencontre").click()
    expect_title(sponsor, "Noter une rencontre")
    expect(sponsor.get_by_label("Date de la rencontre")).to_be_focused()
    sponsor.get_by_label("Date de la rencontre").fill(today.isoformat())
    sponsor.get_by_label("Visite sur place").check()
    sponsor.get_by_label("Participants").fill("Inès (Cantine), Hélène (Deux Caps)")
    sponsor.get_by_label("Durée (minutes)").fill("90")
    sponsor.get_by_label("Heures de bénévolat").fill("1.5")
    sponsor.get_by_label("Compte rendu").fill(SUMMARY)
    first_action = sponsor.get_by_role("group", name="Action 1")
    first_action.get_by_label("Action", exact=True).fill(ACTION)
    first_action.get_by_label("Responsable").fill("Hélène")
    first_action.get_by_label("Échéance").fill((today + timedelta(days=14)).isoformat())
    shot(sponsor, "marraine-noter-une-rencontre")
    sponsor.get_by_role("button", name="Enregistrer la rencontre").click()

    expect_title(sponsor, f"Parrainage : {PAIRING}")
    expect(sponsor.get_by_role("status")).to_have_text(
        "La rencontre est notée dans le carnet de suivi."
    )
    meeting = booklet.get_by_role("article", name=re.compile("Visite sur place"))
    expect(meeting).to_contain_text(SUMMARY)
    expect(meeting).to_contain_text("1,5\u00a0h")
    expect(row_of(meeting, ACTION)).to_contain_text("À faire")
    expect(booklet.get_by_text("À jour", exact=True)).to_be_visible()
    shot(sponsor, "marraine-rencontre-notee")

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
    expect(meeting).to_contain_text("Hélène Caron")
    shot(coordinator, "coordination-parrainage-actif")

    # --- The member's side: its dashboard, then the active pairing on a phone.
    main_nav(member).get_by_role("link", name="Mon organisation").click()
    expect_title(member, MENTEE_ORG)
    shot(member, "filleule-tableau-de-bord")
    main_nav(member).get_by_role("link", name="Parrainages").click()
    open_pairing(member)
    member.set_viewport_size(MOBILE)
    expect(member.get_by_role("region", name="Carnet de suivi")).to_contain_text(ACTION)
    assert_no_sideways_scroll(member)
    shot(member, "filleule-parrainage-mobile")

    # --- ... and reaches its SCIC marraine: its page shows the contact person.
    member.set_viewport_size(DESKTOP)
    engagement = member.get_by_role("region", name="Engagement")
    engagement.get_by_role("link", name=SPONSOR_ORG).click()
    expect_title(member, SPONSOR_ORG)
    contacts = member.get_by_role("region", name="Personnes de contact")
    expect(contacts).to_contain_text("Hélène Caron")
    expect(contacts.get_by_role("link", name=SPONSOR)).to_be_visible()
    shot(member, "filleule-page-de-la-marraine")


def test_tour_of_the_matching_groups_help_and_journal_pages(new_page, signed_in, shot):
    # --- Coordinator: suggestions, proposed groups on their map, settings preview.
    coordinator = new_page(storage_state=signed_in[COORDINATOR])
    coordinator.goto("/rapprochement/suggestions")
    expect_title(coordinator, "Suggestions de parrainage")
    pairs = coordinator.get_by_role("region", name="Appariement proposé pour le réseau")
    expect(pairs.get_by_role("meter").first).to_be_visible()
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
    member = new_page(storage_state=signed_in[MEMBER])
    member.goto("/entraide")
    expect_title(member, "Appels à l'entraide")
    shot(member, "membre-appels-a-l-entraide")
    action(member, "Lancer un appel").click()
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
    nav = main_nav(coordinator)
    nav.get_by_text("Réseau", exact=True).click()
    nav.get_by_role("link", name="Appels à l'entraide").click()
    expect_title(coordinator, "Suivi des appels à l'entraide")
    expect(coordinator.get_by_role("article", name=HELP_TITLE)).to_be_visible()
    shot(coordinator, "coordination-appels")

    nav.get_by_text("Réseau", exact=True).click()
    nav.get_by_role("link", name="Journal des actions").click()
    expect_title(coordinator, "Journal des actions")
    filters = coordinator.get_by_role("search", name="Filtrer le journal")
    filters.get_by_label("Auteur·e").select_option(label=f"Camille Coordination ({COORDINATOR})")
    filters.get_by_role("button", name="Filtrer").click()
    expect(coordinator).to_have_url(re.compile(r"[?&]actor=\d+"))
    expect(coordinator.get_by_role("row").nth(1)).to_contain_text("Camille Coordination")
    shot(coordinator, "coordination-journal")
