"""The web side of the matching engine: adapter, pages, settings, CLI contract."""

import json

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry, MatchingSettings
from entraide.suggestions.adapter import load_profiles

CALAIS, LENS, LIEVIN = "62193", "62498", "62510"


@pytest.fixture
def network(make):
    """A young SCIC in Lens needing governance help, and two possible sponsors."""
    young = make.organisation("Jeune Coop", commune_insee=LENS, year_created=2023)
    make.need(young, "gouvernance", "Préparer notre assemblée générale")
    near = make.organisation(
        "Voisine Expérimentée", commune_insee=LIEVIN, year_created=2005, mentor_capacity=1
    )
    make.offer(near, "gouvernance", "Animation d'assemblées générales")
    far = make.organisation(
        "Lointaine Expérimentée", commune_insee=CALAIS, year_created=2005, mentor_capacity=1
    )
    make.offer(far, "gouvernance", "Gouvernance coopérative")
    outside = make.organisation(
        "Hors Département",
        commune_insee=None,
        latitude=50.63,
        longitude=3.06,
        town_label="Lille",
        year_created=2011,
    )
    return {"young": young, "near": near, "far": far, "outside": outside}


def test_adapter_maps_rows_to_profiles(network):
    profiles = {p.name: p for p in load_profiles()}
    young = profiles["Jeune Coop"]
    assert young.is_young and young.in_departement
    assert [n.theme for n in young.needs] == ["gouvernance"]
    assert profiles["Voisine Expérimentée"].mentor_capacity == 1
    outside = profiles["Hors Département"]
    assert not outside.in_departement and outside.lat == pytest.approx(50.63)


def test_closed_needs_and_archived_orgs_are_not_matched(network, app_ctx):
    from entraide.declarations.services import close_need
    from entraide.organisations.services import archive_organisation

    archive_organisation(network["near"], None)
    db.session.commit()
    assert "Voisine Expérimentée" not in {p.name for p in load_profiles()}
    close_need(network["young"].needs[0], None, "met")
    db.session.commit()
    young = next(p for p in load_profiles() if p.name == "Jeune Coop")
    assert young.needs == ()


def test_coordinator_sees_ranked_candidates_with_reasons(network, make, client, login_as):
    login_as(make.coordinator())
    page = client.get("/rapprochement/suggestions").get_data(as_text=True)
    assert page.index("Voisine Expérimentée") < page.index("Lointaine Expérimentée")
    assert "Besoin « Gouvernance et vie coopérative » couvert" in page


def test_groups_page_shows_map_and_unplaced(network, make, client, login_as):
    login_as(make.coordinator())
    response = client.get("/rapprochement/groupes")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<svg" in page and "Hors Département" in page


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_matching_pages_are_for_the_coordinator_only(make, client, login_as, role):
    login_as(make.user(role))
    for path in ("/rapprochement/suggestions", "/rapprochement/groupes", "/rapprochement/reglages"):
        assert client.get(path).status_code == 403


def _settings_form(**changes):
    data = {
        "w_complementarity": "0.4",
        "w_text": "0.15",
        "w_proximity": "0.25",
        "w_experience": "0.15",
        "w_affinity": "0.05",
        "half_distance_km": "25",
        "top_k": "5",
        "min_score": "0.25",
        "group_min_size": "4",
        "group_max_size": "8",
    }
    data.update(changes)
    return data


def test_settings_are_saved_and_audited(make, client, login_as, app_ctx):
    login_as(make.coordinator())
    response = client.post(
        "/rapprochement/reglages", data=_settings_form(w_proximity="0.8", submit="Enregistrer")
    )
    assert response.status_code == 302
    settings = db.session.get(MatchingSettings, 1)
    assert settings.w_proximity == pytest.approx(0.8)
    assert db.session.execute(
        db.select(AuditEntry).filter_by(action="matching.settings")
    ).scalar_one()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"w_text": "-1"}, "Un poids est compris entre 0 et 10."),
        (
            {
                "w_complementarity": "0",
                "w_text": "0",
                "w_proximity": "0",
                "w_experience": "0",
                "w_affinity": "0",
            },
            "Au moins un des poids doit être strictement positif.",
        ),
        ({"group_min_size": "6", "group_max_size": "5"}, "taille maximale"),
        ({"top_k": "abc"}, "N&#39;est pas un entier valide."),
        ({"half_distance_km": "0"}, "Entre 1 et 300 km."),
    ],
)
def test_bad_settings_are_refused_in_french(make, client, login_as, app_ctx, changes, message):
    login_as(make.coordinator())
    response = client.post(
        "/rapprochement/reglages", data=_settings_form(submit="Enregistrer", **changes)
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.get(MatchingSettings, 1) is None


def test_preview_compares_without_saving(network, make, client, login_as, app_ctx):
    login_as(make.coordinator())
    response = client.post(
        "/rapprochement/reglages", data=_settings_form(preview="Prévisualiser", w_proximity="0")
    )
    assert response.status_code == 200
    assert "Aperçu" in response.get_data(as_text=True)
    assert db.session.get(MatchingSettings, 1) is None


def test_suggest_cli_json_contract(network, runner):
    result = runner.invoke(args=["suggest", "--format", "json", "--top", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (mentee,) = data["mentees"]
    assert mentee["name"] == "Jeune Coop"
    (candidate,) = mentee["candidates"]
    assert candidate["name"] == "Voisine Expérimentée"
    assert set(candidate["components"]) == {
        "complementarity",
        "text",
        "proximity",
        "experience",
        "affinity",
    }
    assert data["proposed_pairs"][0]["mentor"] == "Voisine Expérimentée"


def test_groups_cli_json_contract_and_bad_sizes(network, runner):
    result = runner.invoke(
        args=["groups", "--format", "json", "--min-size", "1", "--max-size", "3"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    placed = {m["name"] for g in data["groups"] for m in g["members"]}
    assert "Jeune Coop" in placed
    assert [u["name"] for u in data["unplaced"]] == ["Hors Département"]
    bad = runner.invoke(args=["groups", "--min-size", "0"])
    assert bad.exit_code == 1 and "Erreur" in bad.output


def test_suggest_on_an_empty_network_explains(runner):
    result = runner.invoke(args=["suggest", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["mentees"] == [] and data["reason"]
