"""End-to-end journeys in Chromium: a member declares a need, the coordinator finds it.

Every page visited is kept as a full-page screenshot in test-artifacts/screenshots/.
Locators go through labels and roles only, so a missing label fails the test.
"""

import re

import pytest
from playwright.sync_api import expect

from entraide.demo import DEMO_PASSWORD

from .conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.browser

MEMBER = "membre@entraide.example"
COORDINATOR = "coordination@entraide.example"
VIEWER = "financeur@entraide.example"
MEMBER_ORG = "Tiers-lieu fictif de l'Artois"
THEME_CODE, THEME = "emploi", "Emploi et ressources humaines"
NEED_TEXT = "Recruter notre premier salarié en CDI et rédiger sa fiche de poste"


def log_in(page, email: str, screenshot=None) -> None:
    page.goto("/connexion")
    expect_title(page, "Connexion")
    if screenshot:
        screenshot(page, "connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("navigation", name="Navigation principale")).to_contain_text(
        re.compile("Mon organisation|Organisations|Synthèse")
    )


def expect_title(page, name: str) -> None:
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def action(page, name: str):
    """A link styled as a button: templates mark it role="button" (Pico) or as a plain link."""
    return page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name))


def row_of(page, text: str):
    return page.get_by_role("row").filter(has_text=text)


def test_member_declares_a_need_and_the_coordinator_finds_it(new_page, screenshot):
    # --- The member logs in, lands on its home (« À faire »), opens its dashboard.
    member = new_page()
    log_in(member, MEMBER, screenshot)
    expect(member.get_by_role("heading", level=1)).to_contain_text("Bonjour")
    expect(member.get_by_role("heading", level=2, name="À faire")).to_be_visible()
    screenshot(member, "membre-accueil")
    action(member, f"Tableau de bord de {MEMBER_ORG}").click()
    expect_title(member, MEMBER_ORG)
    dashboard = member.url
    screenshot(member, "membre-tableau-de-bord")

    # --- Declares a need: an empty form is refused with labelled errors, then saved.
    action(member, "Déclarer un besoin").click()
    expect_title(member, "Déclarer un besoin")
    expect(member.get_by_label("Thème")).to_be_focused()
    screenshot(member, "declarer-un-besoin")
    member.get_by_role("button", name="Enregistrer le besoin").click()
    expect(member.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    expect(member.get_by_label("Thème")).to_have_attribute("aria-invalid", "true")
    expect(member.get_by_label("Description du besoin")).to_have_accessible_description(
        "Décrivez le besoin en quelques mots."
    )
    screenshot(member, "declarer-un-besoin-erreurs")
    member.get_by_label("Thème").select_option(label=THEME)
    member.get_by_label("Description du besoin").fill(NEED_TEXT)
    member.get_by_label("Urgence").select_option(label="Élevée")
    member.get_by_role("button", name="Enregistrer le besoin").click()

    # --- Sees it on the dashboard, open, with its urgency and its actions.
    expect(member).to_have_url(dashboard)
    expect(member.get_by_role("status")).to_have_text("Le besoin a été enregistré.")
    need_row = row_of(member.get_by_role("region", name="Besoins"), NEED_TEXT)
    expect(need_row).to_contain_text(THEME)
    expect(need_row).to_contain_text("Élevée")
    expect(need_row).to_contain_text("Ouvert")
    screenshot(member, "membre-besoin-enregistre")
    # The inline confirmation (<details>) opens without JavaScript.
    need_row.get_by_role("button", name="Retirer").click()
    expect(need_row.get_by_text("Retirer ce besoin ?")).to_be_visible()
    expect(need_row.get_by_role("button", name="Confirmer : retirer")).to_be_visible()
    screenshot(member, "membre-confirmation-retrait")

    # --- The same dashboard at a phone's size: one card per need, actions in view.
    member.set_viewport_size(MOBILE)
    member.reload()
    expect_title(member, MEMBER_ORG)
    # The row's last action fits in the screen's width: no sideways scrolling needed.
    box = row_of(member, NEED_TEXT).get_by_role("button", name="Retirer").bounding_box()
    assert box is not None and box["x"] + box["width"] <= MOBILE["width"], box
    screenshot(member, "membre-tableau-de-bord-mobile")
    member.set_viewport_size(DESKTOP)

    # --- Logs out through the account menu (a CSRF-protected POST).
    nav = member.get_by_role("navigation", name="Navigation principale")
    nav.get_by_text("Sam Sociétaire", exact=True).click()
    expect(nav.get_by_role("link", name="Mot de passe")).to_be_visible()
    screenshot(member, "membre-menu-compte")
    nav.get_by_role("button", name="Se déconnecter").click()
    expect(member.get_by_role("status")).to_have_text("Vous êtes déconnecté·e.")
    member.goto(dashboard)
    expect(member).to_have_url(re.compile(r"/connexion\b"))

    # --- The coordinator, on the same computer, filters the organisations by the theme.
    coordinator = member
    log_in(coordinator, COORDINATOR)
    expect_title(coordinator, "Organisations du réseau")
    screenshot(coordinator, "coordination-organisations")
    filters = coordinator.get_by_role("search", name="Filtrer les organisations")
    filters.get_by_label("Besoin ouvert sur le thème").select_option(label=THEME)
    filters.get_by_role("button", name="Filtrer").click()
    expect(coordinator).to_have_url(re.compile(rf"[?&]theme={THEME_CODE}\b"))
    org_row = row_of(coordinator, MEMBER_ORG)
    expect(org_row.get_by_role("link", name=MEMBER_ORG)).to_be_visible()
    # Its three open demo needs plus the new one (5th column: "Besoins ouverts"); an
    # organisation that only offers help on this theme is not listed.
    expect(coordinator.get_by_role("columnheader").nth(4)).to_have_text("Besoins ouverts")
    expect(org_row.get_by_role("cell").nth(4)).to_have_text("4")
    expect(row_of(coordinator, "Mobilités fictives de l'Arrageois")).to_have_count(0)
    screenshot(coordinator, "coordination-organisations-filtrees")

    # --- ... and in the overview of needs and offers, filtered by the same theme.
    coordinator.get_by_role("link", name="Besoins et offres").click()
    expect_title(coordinator, "Besoins et offres du réseau")
    need_row = row_of(
        coordinator.get_by_role("region", name=re.compile("Besoins ouverts")), NEED_TEXT
    )
    expect(need_row.get_by_role("link", name=MEMBER_ORG)).to_be_visible()
    expect(need_row).to_contain_text("Élevée")
    screenshot(coordinator, "coordination-besoins")
    coordinator.get_by_role("search").get_by_label("Thème").select_option(label=THEME)
    coordinator.get_by_role("search").get_by_role("button", name="Filtrer").click()
    expect(coordinator).to_have_url(re.compile(rf"/besoins\?theme={THEME_CODE}\b"))
    needs = coordinator.get_by_role("region", name=re.compile("Besoins ouverts"))
    # Only the open needs on this theme: the new one and two of the demo's young SCICs.
    expect(needs.get_by_role("heading", level=2)).to_have_text("Besoins ouverts (3)")
    expect(row_of(needs, NEED_TEXT)).to_have_count(1)
    expect(row_of(needs, "Atelier numérique fictif de Liévin")).to_have_count(1)
    expect(row_of(needs, "Cantine fictive du Montreuillois")).to_have_count(1)
    screenshot(coordinator, "coordination-besoins-filtres")

    # --- Opens the organisation from the need: the coordinator's view of its dashboard.
    row_of(needs, NEED_TEXT).get_by_role("link", name=MEMBER_ORG).click()
    expect_title(coordinator, MEMBER_ORG)
    management = coordinator.get_by_role("region", name="Gestion")
    management.get_by_role("button", name="Archiver").click()
    expect(management.get_by_role("button", name="Confirmer : archiver")).to_be_visible()
    screenshot(coordinator, "coordination-organisation")


def test_viewer_sees_the_overview_but_not_the_organisations(new_page, screenshot):
    viewer = new_page()
    log_in(viewer, VIEWER)
    expect(viewer).to_have_url(re.compile(r"/tableau-de-bord/$"))
    expect_title(viewer, "Tableau de bord de l'entraide")
    themes = viewer.get_by_role("table", name="Besoins et offres par thème")
    expect(themes.get_by_role("row").filter(has_text=THEME)).to_be_visible()
    nav = viewer.get_by_role("navigation", name="Navigation principale")
    expect(nav.get_by_role("link", name="Organisations", exact=True)).to_have_count(0)
    screenshot(viewer, "financeur-synthese")

    response = viewer.goto("/organisations")
    assert response is not None and response.status == 403
    expect(viewer.get_by_role("heading", level=1)).to_contain_text("Accès refusé")
    screenshot(viewer, "financeur-organisations-interdit")
