"""The coordination keeps the register of actions in a real browser: the list and its
filters, an action with its pièces justificatives (one uploaded, one refused), the form's
errors; the funder reads the same pages without the buttons."""

import re

from playwright.sync_api import expect

from entraide.demo.actions import demo_png
from tests.browser.test_journeys import COORDINATOR, VIEWER, expect_title, log_in


def test_the_register_with_its_pieces(new_page, screenshot, tmp_path):
    page = new_page()
    log_in(page, COORDINATOR)
    page.goto("/actions")
    expect_title(page, "Actions du réseau")
    expect(page.get_by_text("Table ronde « Entreprendre Autrement »")).to_be_visible()
    screenshot(page, "actions-liste")

    page.get_by_label("Axe").select_option("2")
    page.get_by_role("button", name="Filtrer").click()
    expect(
        page.get_by_role("link", name=re.compile("Formation des élu·es : la SCIC"))
    ).to_be_visible()
    expect(page.get_by_text("Rencontre-bilan de l'année 2024")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Formation des élu·es : la SCIC")).click()
    expect(page.get_by_role("link", name="programme-formation-elus.pdf")).to_be_visible()

    photo = tmp_path / "photo-formation.png"
    photo.write_bytes(demo_png())
    page.get_by_label("Type de pièce").select_option("photo")
    page.get_by_label("Fichier").set_input_files(str(photo))
    page.get_by_role("button", name="Joindre la pièce").click()
    expect(page.get_by_text("La pièce est jointe à l'action.")).to_be_visible()
    expect(page.get_by_role("link", name="photo-formation.png")).to_be_visible()

    fake = tmp_path / "affiche.png"
    fake.write_bytes(b"<!doctype html><p>pas une image</p>")
    page.get_by_label("Type de pièce").select_option("photo")
    page.get_by_label("Fichier").set_input_files(str(fake))
    page.get_by_role("button", name="Joindre la pièce").click()
    expect(
        page.get_by_text(re.compile("n'est ni un PDF, ni une image PNG ou JPEG")).first
    ).to_be_visible()
    screenshot(page, "action-avec-pieces")

    page.goto("/actions/nouvelle")
    page.get_by_label("Intitulé").fill("Atelier à venir")
    page.locator("#held_on").fill("2099-05-04")
    page.get_by_label("Statut").select_option("held")
    page.get_by_label("Commune").fill("Gotham")
    page.get_by_label("Personnes présentes").fill("-3")
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_text("Le formulaire contient des erreurs")).to_be_visible()
    expect(page.get_by_text(re.compile("ne peut pas être dans le futur"))).to_be_visible()
    screenshot(page, "action-formulaire-erreurs")

    funder = new_page()
    log_in(funder, VIEWER)
    funder.goto("/actions")
    expect(funder.get_by_role("link", name="Nouvelle action")).to_have_count(0)
    funder.get_by_role("link", name=re.compile("Rencontre-bilan de l'année 2024")).click()
    expect(funder.get_by_role("link", name="emargement-rencontre-bilan.pdf")).to_be_visible()
    expect(funder.get_by_role("button", name="Joindre la pièce")).to_have_count(0)
    funder.goto("/tableau-de-bord/?du=2024-01-01&au=2024-12-31")
    section = funder.get_by_role("region", name="Les quatre axes de la convention")
    expect(section.get_by_role("heading", name=re.compile("Axe 4 – Communication"))).to_be_visible()
    section.screenshot(path=str(screenshot.folder / "tableau-de-bord-axes.png"))
