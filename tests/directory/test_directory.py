"""The public directory pages: opted-in organisations only, never personal data."""

import pytest

from tests.directory.world import PRIVATE, build_world
from tests.web.helpers import text_of


@pytest.fixture
def world(make):
    return build_world(make)


def test_lists_only_public_organisations_with_offers(client, world):
    response = client.get("/annuaire")
    assert response.status_code == 200
    body = text_of(response)
    assert "SCIC Alpha" in body and "SCIC Beta" in body and "SCIC Gamma Lille" in body
    assert "Hébergement de sites en logiciel libre" in body
    assert "Outils numériques et logiciels libres" in body
    assert "Offre retirée invisible" not in body
    assert "3 organisations." in body
    for secret in PRIVATE:
        assert secret not in body


def test_map_links_each_marker_to_the_public_page(client, world):
    body = text_of(client.get("/annuaire"))
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body
    assert f'<a href="/annuaire/{world.alpha.id}"><title>SCIC Alpha</title>' in body
    assert f'<a href="/annuaire/{world.beta.id}">' in body
    # Lille is outside the département: not drawn, but counted in the description.
    assert "1 point hors du Pas-de-Calais non affiché" in body


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("sector=energie", ["SCIC Alpha", "SCIC Gamma Lille"], ["SCIC Beta"]),
        ("epci=CA du Boulonnais", ["SCIC Beta"], ["SCIC Alpha", "SCIC Gamma Lille"]),
        ("sector=culture&epci=CA de Lens - Liévin", [], ["SCIC Alpha", "SCIC Beta"]),
        # Unknown values of a web form are ignored, never an error.
        ("sector=inconnu&epci=nulle-part&page=abc", ["SCIC Alpha", "SCIC Beta"], []),
        ("page=-3", ["SCIC Alpha"], []),
    ],
)
def test_filters(client, world, query, shown, hidden):
    response = client.get(f"/annuaire?{query}")
    assert response.status_code == 200
    body = text_of(response)
    for name in shown:
        assert f">{name}</a></h2>" in body
    for name in hidden:
        assert f">{name}</a></h2>" not in body


def test_pagination(client, make):
    for index in range(23):
        make.organisation(f"Coop {index:02d}", public_directory=True)
    first = text_of(client.get("/annuaire"))
    # The map shows every match; the list shows one page.
    assert ">Coop 19</a></h2>" in first and ">Coop 20</a></h2>" not in first
    assert "<title>Coop 22</title>" in first
    assert "Page 1 sur 2" in first and 'href="/annuaire?page=2"' in first
    second = text_of(client.get("/annuaire?page=2"))
    assert ">Coop 22</a></h2>" in second and ">Coop 00</a></h2>" not in second
    past = client.get("/annuaire?page=9")
    assert past.status_code == 200 and "Aucune organisation" in text_of(past)


def test_empty_directory(client, app_ctx):
    body = text_of(client.get("/annuaire"))
    assert "Aucune organisation n'apparaît encore dans l'annuaire" in body


def test_public_page(client, world):
    response = client.get(f"/annuaire/{world.alpha.id}")
    assert response.status_code == 200
    body = text_of(response)
    for expected in (
        "SCIC Alpha",
        "Énergie",
        "Lens",
        "CA de Lens - Liévin",
        "Énergie citoyenne du bassin minier",
        'href="https://alpha.example"',
        "Hébergement de sites en logiciel libre",
    ):
        assert expected in body
    assert "Offre retirée invisible" not in body
    for secret in PRIVATE:
        assert secret not in body
    assert "difficult" not in body.lower()


def test_website_that_is_not_http_is_not_a_link(client, world):
    body = text_of(client.get(f"/annuaire/{world.outside.id}"))
    assert "javascript:" not in body
    assert "Lille" in body


@pytest.mark.parametrize("which", ["private", "archived"])
def test_private_or_archived_is_404(client, world, which):
    assert client.get(f"/annuaire/{getattr(world, which).id}").status_code == 404


def test_unknown_and_huge_ids_are_404(client, app_ctx):
    assert client.get("/annuaire/123456").status_code == 404
    assert client.get("/annuaire/99999999999999999999999").status_code == 404


def test_open_to_every_role_and_linked_from_the_menu(client, world, make, login_as):
    anonymous = text_of(client.get("/connexion"))
    assert 'href="/annuaire"' in anonymous
    login_as(make.coordinator())
    response = client.get("/annuaire")
    assert response.status_code == 200
    assert 'href="/annuaire" aria-current="page"' in text_of(response)


def test_no_inline_script_or_style(client, world):
    for url in ("/annuaire", f"/annuaire/{world.alpha.id}"):
        body = text_of(client.get(url)).lower()
        assert "<script" not in body and "style=" not in body and "<style" not in body
