"""The coordination's conventions in Chromium: a convention entered through its form, its
countdown on its page and on the dashboard, the 2022-2023 realised statement of the demo,
and the 2024 statement (final in the demo) back to draft and corrected line by line (a bad
amount refused, an écart to explain).

Every page visited is kept as a full-page screenshot in test-artifacts/screenshots/.
"""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .test_journeys import COORDINATOR, action, expect_title, log_in, row_of

pytestmark = pytest.mark.browser


def test_coordinator_enters_a_convention_and_types_its_statement(new_page, screenshot):
    page = new_page()
    log_in(page, COORDINATOR)
    page.goto("/conventions")
    expect_title(page, "Conventions")
    expect(row_of(page, "n° 2021-05918")).to_contain_text("Bilan remis")
    expect(row_of(page, "n° 2024-03658")).to_contain_text("17 500,00 €")
    screenshot(page, "conventions-liste")

    today = date.today()
    action(page, "Nouvelle convention").click()
    expect_title(page, "Nouvelle convention")
    page.get_by_label("Référence (n° de dossier)").fill(f"{today.year}-04242")
    page.get_by_label("Intitulé de l'action").fill("Animation du Réseau des SCIC")
    page.get_by_label("Début de la période").fill(f"{today.year - 1}-01-01")
    page.get_by_label("Fin de la période").fill(today.isoformat())
    page.get_by_label("Montant de l'aide (€)").fill("18 000,505")
    page.get_by_label("Bilan final à remettre au plus tard le").fill(
        (today + timedelta(days=42)).isoformat()
    )
    page.get_by_role("button", name="Enregistrer la convention").click()
    expect(page.get_by_text("Deux décimales au plus : les centimes.")).to_be_visible()
    screenshot(page, "convention-montant-refuse")
    page.get_by_label("Montant de l'aide (€)").fill("18 000,50")
    page.get_by_role("button", name="Enregistrer la convention").click()
    expect_title(page, f"Convention n° {today.year}-04242")
    expect(page.get_by_text("Bilan à remettre dans 42 jours")).to_be_visible()
    screenshot(page, "convention-decompte")

    page.goto("/tableau-de-bord/")
    expect(page.get_by_role("heading", name="Échéances des conventions")).to_be_visible()
    expect(page.get_by_text("Bilan à remettre dans 42 jours")).to_be_visible()
    screenshot(page, "tableau-de-bord-echeances")

    page.goto("/conventions")
    row_of(page, "n° 2021-05918").get_by_role("link").first.click()
    page.get_by_role("button", name="Bilan financier").click()
    expect(page.get_by_role("heading", name="Équilibre : le bilan est équilibré")).to_be_visible()
    expect(row_of(page, "Traiteur")).to_contain_text("635,00 €")
    screenshot(page, "bilan-realise-2022-2023")

    page.goto("/conventions")
    row_of(page, "n° 2024-03658").get_by_role("link").first.click()
    page.get_by_role("button", name="Bilan financier").click()
    # The demo's 2024 statement is final (its bilan was sent): back to draft to correct it.
    page.get_by_role("button", name="Repasser en brouillon", exact=True).click()
    page.get_by_role("button", name="Confirmer : repasser en brouillon").click()
    action(page, "Saisir les montants").click()
    expect_title(page, "Saisir le bilan financier")
    page.get_by_label("Autres fournitures (60), réalisé").fill("-12")
    page.get_by_label("Conseil départemental (74), réalisé").fill("17 500")
    page.get_by_role("button", name="Enregistrer le bilan financier").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Autres fournitures (60), réalisé : Un montant ne peut pas être négatif."
    )
    screenshot(page, "bilan-saisie-refusee")
    page.get_by_label("Autres fournitures (60), réalisé").fill("1 450,20")
    page.get_by_label("Autres fournitures (60), explication de l'écart").fill("")
    page.get_by_label("Rémunération des personnels (64), réalisé").fill("8622")
    page.get_by_label("Charges sociales (64), réalisé").fill("2748")
    page.get_by_role("button", name="Enregistrer le bilan financier").click()
    expect(page.get_by_text("Réalisé déséquilibré")).to_be_visible()
    expect(row_of(page, "Autres fournitures").first).to_contain_text("Explication requise")
    screenshot(page, "bilan-2024-desequilibre")
