"""The public JSON API: public organisations only, aggregates, JSON errors in French."""

import json
from datetime import date, timedelta

import pytest

from tests.directory.world import PRIVATE

LIST = "/api/v1/organisations"


def _body_text(response) -> str:
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_list(client, world, validate):
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    data = response.get_json()
    validate("OrganisationPage", data)
    assert [o["name"] for o in data["items"]] == ["SCIC Alpha", "SCIC Beta", "SCIC Gamma Lille"]
    assert (data["page"], data["per_page"], data["total"], data["pages"]) == (1, 20, 3, 1)
    for secret in PRIVATE:
        assert secret not in _body_text(response)


def test_organisation_fields(client, world, validate):
    response = client.get(f"{LIST}/{world.alpha.id}")
    data = response.get_json()
    validate("Organisation", data)
    assert data == {
        "id": world.alpha.id,
        "name": "SCIC Alpha",
        "status": "scic",
        "sector": "energie",
        "sector_label": "Énergie",
        "year_created": 2010,
        "commune": {"insee": "62498", "name": "Lens", "epci": "CA de Lens - Liévin"},
        "lat": 50.43761,
        "lon": 2.82108,
        "website": "https://alpha.example",
        "offers": [
            {
                "theme": "numerique",
                "theme_label": "Outils numériques et logiciels libres",
                "text": "Hébergement de sites en logiciel libre",
            }
        ],
    }
    for forbidden in ("contact_email", "in_difficulty", "needs", "users", "mentor_capacity"):
        assert forbidden not in data
    for secret in PRIVATE:
        assert secret not in _body_text(response)


def test_outside_the_departement_has_rounded_coordinates(client, world, validate):
    data = client.get(f"{LIST}/{world.outside.id}").get_json()
    validate("Organisation", data)
    assert data["commune"] is None
    assert (data["lat"], data["lon"]) == (50.64, 3.06)


@pytest.mark.parametrize("which", ["private", "archived"])
def test_private_or_archived_is_404(client, world, which, validate):
    response = client.get(f"{LIST}/{getattr(world, which).id}")
    assert response.status_code == 404
    validate("Error", response.get_json())
    assert response.get_json()["error"]["message"].startswith("Organisation introuvable")
    assert (
        "Cache-Control" not in response.headers
        or "max-age" not in response.headers["Cache-Control"]
    )


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("sector=energie", ["SCIC Alpha", "SCIC Gamma Lille"]),
        ("epci=CA du Boulonnais", ["SCIC Beta"]),
        ("sector=culture&epci=CA de Lens - Liévin", []),
        ("per_page=1&page=2", ["SCIC Beta"]),
        ("per_page=100&page=1", ["SCIC Alpha", "SCIC Beta", "SCIC Gamma Lille"]),
        ("unknown=ignored", ["SCIC Alpha", "SCIC Beta", "SCIC Gamma Lille"]),
    ],
)
def test_filters_and_pages(client, world, validate, query, names):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    validate("OrganisationPage", response.get_json())
    assert [o["name"] for o in response.get_json()["items"]] == names


def test_pages_count(client, world):
    data = client.get(f"{LIST}?per_page=2&page=2").get_json()
    assert (data["page"], data["per_page"], data["total"], data["pages"]) == (2, 2, 3, 2)


def test_empty_result_is_page_one_with_no_items(client, app_ctx, validate):
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.get_json() == {"items": [], "page": 1, "per_page": 20, "total": 0, "pages": 0}


@pytest.mark.parametrize(
    ("query", "status", "fragment"),
    [
        ("page=0", 400, "« page »"),
        ("page=-1", 400, "« page »"),
        ("page=abc", 400, "« page »"),
        ("page=1.5", 400, "« page »"),
        ("page=", 400, "« page »"),
        ("page=１", 400, "« page »"),  # full-width digit: int() would accept it
        ("page=99999999999999999999999", 400, "« page »"),
        ("page=3", 404, "La page 3 n'existe pas"),
        ("page=999999999", 404, "n'existe pas"),
        ("per_page=0", 400, "« per_page »"),
        ("per_page=101", 400, "« per_page »"),
        ("per_page=dix", 400, "« per_page »"),
        ("sector=banque", 400, "Secteur inconnu : « banque »"),
        ("epci=CA%20de%20Nulle%20Part", 400, "Intercommunalité inconnue"),
        ("epci=ca de lens - liévin", 400, "Intercommunalité inconnue"),
        ("sector=" + "x" * 500, 400, "…"),
    ],
)
def test_bad_input_is_a_json_error(client, world, validate, query, status, fragment):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == status
    assert response.is_json
    data = response.get_json()
    validate("Error", data)
    assert data["error"]["status"] == status
    assert fragment in data["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/inconnu", 404),
        ("GET", f"{LIST}/abc", 404),
        ("GET", f"{LIST}/99999999999999999999999", 404),
        ("POST", LIST, 405),
        ("DELETE", f"{LIST}/1", 405),
    ],
)
def test_other_errors_are_json_too(client, app_ctx, validate, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status
    validate("Error", response.get_json())


def test_stats(client, world, validate):
    response = client.get("/api/v1/stats")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    data = response.get_json()
    validate("Stats", data)
    # All members count (public or not), archived ones do not.
    assert (data["organisations"], data["young"], data["experienced"]) == (4, 1, 3)
    assert data["year_unknown"] == 0
    by_sector = {row["sector"]: row["count"] for row in data["by_sector"]}
    assert by_sector["energie"] == 3 and by_sector["culture"] == 1 and by_sector["sante"] == 0
    needs = {row["theme"]: row["count"] for row in data["open_needs_by_theme"]}
    assert needs["financement"] == 2 and sum(needs.values()) == 2
    offers = {row["theme"]: row["count"] for row in data["active_offers_by_theme"]}
    assert offers == {**dict.fromkeys(offers, 0), "numerique": 1, "gouvernance": 1}
    assert data["active_pairings"] == 1
    for secret in PRIVATE:
        assert secret not in _body_text(response)
    assert "SCIC Alpha" not in _body_text(response)


def test_stats_count_an_unknown_creation_year_apart(client, world, make, validate):
    """Unknown year: neither young nor experienced; a member from a later date: not yet."""
    make.organisation("Seed Com", year_created=None)
    make.organisation("Pas Encore", member_since=date.today() + timedelta(days=30))
    data = client.get("/api/v1/stats").get_json()
    validate("Stats", data)
    assert (data["young"], data["experienced"], data["year_unknown"]) == (1, 3, 1)
    assert data["organisations"] == 5


def test_stats_of_an_empty_network(client, app_ctx, validate):
    data = client.get("/api/v1/stats").get_json()
    validate("Stats", data)
    assert data["organisations"] == 0 and data["active_pairings"] == 0


def test_logged_in_responses_are_not_stored(client, world, make, login_as):
    login_as(make.coordinator())
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_get_only_api_needs_no_csrf_token(app, world):
    # The API is exempt from CSRF: with protection on, a GET still answers.
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert app.test_client().get(LIST).status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
