"""Organisation profiles: edited by their members, created by the coordinator."""

from datetime import date

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry, Organisation
from entraide.organisations.services import snapshot
from tests.web.helpers import field_errors, location_path, text_of

NEXT_YEAR = date.today().year + 1

# A complete, valid profile as the edit form posts it.
GOOD_PROFILE = {
    "name": "SCIC Alpha renommée",
    "status": "scic",
    "commune": "Arras",
    "town_label": "",
    "latitude": "",
    "longitude": "",
    "year_created": "2015",
    "sector": "energie",
    "legal_form": "SAS",
    "colleges": "salariés, usagers, collectivités",
    "employees": "4",
    "members_count": "120",
    "description": "Une coopérative d'énergie citoyenne.",
    "website": "https://alpha.example/",
    "contact_email": "Contact@Alpha.example",
    "mentor_capacity": "2",
    "public_directory": "y",
}


def _state(in_db, org_id) -> dict:
    """What the profile and the audit trail look like (to show that nothing changed)."""
    with in_db() as session:
        org = session.get(Organisation, org_id)
        entries = session.scalar(db.select(db.func.count(AuditEntry.id)))
        return {**snapshot(org), "updated_at": org.updated_at, "audit_entries": entries}


@pytest.fixture
def member(make):
    return make.member(make.organisation("SCIC Alpha"))


@pytest.fixture
def coordinator(make):
    return make.coordinator()


# A member edits its own profile ---------------------------------------------------------


def test_member_edits_own_profile(member, client, login_as, in_db):
    login_as(member)

    response = client.post(f"/organisations/{member.organisation_id}/modifier", data=GOOD_PROFILE)

    assert response.status_code == 302
    assert location_path(response) == f"/organisations/{member.organisation_id}"
    with in_db() as session:
        org = session.get(Organisation, member.organisation_id)
        assert org.name == "SCIC Alpha renommée"
        assert org.commune_insee == "62041"  # Arras
        assert (org.year_created, org.sector, org.legal_form) == (2015, "energie", "SAS")
        assert (org.employees, org.members_count, org.mentor_capacity) == (4, 120, 2)
        assert org.contact_email == "contact@alpha.example"
        assert org.public_directory is True
        entry = session.scalars(db.select(AuditEntry).filter_by(action="organisation.update")).one()
        assert entry.actor_id == member.id and entry.actor_role == "member"
        assert entry.before["name"] == "SCIC Alpha"
        assert entry.after["name"] == "SCIC Alpha renommée"
    page = client.get(f"/organisations/{member.organisation_id}")
    assert "SCIC Alpha renommée" in text_of(page)


def test_edit_form_shows_the_current_commune(member, client, login_as):
    login_as(member)
    response = client.get(f"/organisations/{member.organisation_id}/modifier")
    assert response.status_code == 200
    # The postal code, as the profile shows it, not the INSEE code (62498).
    assert 'value="Lens (62300)"' in text_of(response)
    assert "Lens (62300)" in text_of(client.get(f"/organisations/{member.organisation_id}"))


def test_a_place_not_known_yet_is_left_empty(member, client, login_as, in_db):
    """A project whose place is not settled (De rives en rêves in the demo): nothing is
    invented, the profile says nothing of a place."""
    login_as(member)
    data = {**GOOD_PROFILE, "commune": "", "town_label": "", "latitude": "", "longitude": ""}
    response = client.post(f"/organisations/{member.organisation_id}/modifier", data=data)
    assert response.status_code == 302
    with in_db() as session:
        org = session.get(Organisation, member.organisation_id)
        assert (org.commune_insee, org.town_label, org.latitude, org.longitude) == (None,) * 4
    assert client.get(f"/organisations/{member.organisation_id}").status_code == 200


def test_organisation_outside_the_departement(member, client, login_as, in_db):
    login_as(member)
    data = {
        **GOOD_PROFILE,
        "commune": "",
        "town_label": "Lille",
        "latitude": "50.6292",
        "longitude": "3.0573",
    }
    response = client.post(f"/organisations/{member.organisation_id}/modifier", data=data)
    assert response.status_code == 302
    with in_db() as session:
        org = session.get(Organisation, member.organisation_id)
        assert org.commune_insee is None
        assert org.location == (50.6292, 3.0573)
        assert org.town == "Lille"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Indiquez le nom."),
        ({"name": "   "}, "Indiquez le nom."),
        ({"name": "x" * 201}, "Le champ ne peut pas contenir plus de 200 caractères."),
        (
            {"year_created": str(NEXT_YEAR)},
            f"L'année de création doit être comprise entre 1844 et {NEXT_YEAR - 1}.",
        ),
        (
            {"year_created": "1800"},
            f"L'année de création doit être comprise entre 1844 et {NEXT_YEAR - 1}.",
        ),
        ({"year_created": "deux mille"}, "N'est pas un entier valide."),
        ({"mentor_capacity": "-1"}, "La capacité doit être comprise entre 0 et 20."),
        ({"mentor_capacity": "21"}, "La capacité doit être comprise entre 0 et 20."),
        ({"employees": "-3"}, "Le nombre de salariés doit être positif."),
        ({"members_count": "-1"}, "Le nombre de sociétaires doit être positif."),
        ({"commune": "Atlantis"}, "Commune inconnue dans le Pas-de-Calais : « Atlantis »"),
        ({"commune": "Arras (62999)"}, "Le code 62999 ne correspond pas à la commune « Arras »"),
        ({"latitude": "50.3"}, "Donnez la latitude et la longitude ensemble."),
        ({"longitude": "2.7"}, "Donnez la latitude et la longitude ensemble."),
        ({"latitude": "95", "longitude": "2.7"}, "La latitude doit être comprise entre -90 et 90."),
        ({"website": "pas une adresse"}, "Adresse de site invalide (https://…)."),
        (
            {"website": "javascript://alpha.example/%0Aalert(1)"},
            "Adresse de site invalide (https://…).",
        ),
        ({"contact_email": "pas-une-adresse"}, "Adresse électronique invalide."),
        ({"status": "cooperative"}, "N'est pas un choix valide."),
        ({"sector": "spatial"}, "N'est pas un choix valide."),
        ({"legal_form": "SCOP"}, "N'est pas un choix valide."),
    ],
)
def test_bad_profile_changes_nothing(member, client, login_as, in_db, changes, message):
    login_as(member)
    before = _state(in_db, member.organisation_id)

    response = client.post(
        f"/organisations/{member.organisation_id}/modifier", data={**GOOD_PROFILE, **changes}
    )

    assert response.status_code == 422
    assert message in field_errors(response), field_errors(response)
    assert "Le formulaire contient des erreurs" in text_of(response)
    assert _state(in_db, member.organisation_id) == before


def test_post_without_the_commune_field_is_a_form_error(member, client, login_as, in_db):
    """A crafted POST without the field once reached Length() with a Commune object (500)."""
    login_as(member)
    before = _state(in_db, member.organisation_id)
    data = {key: value for key, value in GOOD_PROFILE.items() if key != "commune"}
    response = client.post(f"/organisations/{member.organisation_id}/modifier", data=data)
    assert response.status_code == 422
    assert _state(in_db, member.organisation_id) == before


def test_member_cannot_edit_another_organisation(member, make, client, login_as, in_db):
    other = make.organisation("SCIC Bêta")
    login_as(member)
    before = _state(in_db, other.id)
    assert client.get(f"/organisations/{other.id}/modifier").status_code == 404
    response = client.post(f"/organisations/{other.id}/modifier", data=GOOD_PROFILE)
    assert response.status_code == 404
    assert "SCIC Bêta" not in text_of(response)
    assert _state(in_db, other.id) == before


# in_difficulty: seen and set by the coordinator only ------------------------------------


@pytest.mark.parametrize("initially", [False, True])
def test_member_neither_sees_nor_sets_in_difficulty(make, client, login_as, in_db, initially):
    member = make.member(make.organisation("SCIC Alpha", in_difficulty=initially))
    login_as(member)
    org_page = f"/organisations/{member.organisation_id}"

    form = client.get(org_page + "/modifier")
    assert "in_difficulty" not in text_of(form)
    assert "En difficulté" not in text_of(client.get(org_page))
    forged = {**GOOD_PROFILE, "in_difficulty": "" if initially else "y"}
    assert client.post(org_page + "/modifier", data=forged).status_code == 302

    with in_db() as session:
        org = session.get(Organisation, member.organisation_id)
        assert org.name == GOOD_PROFILE["name"]  # the rest of the post was saved
        assert org.in_difficulty is initially


def test_coordinator_sets_in_difficulty(member, coordinator, client, login_as, in_db):
    login_as(coordinator)
    org_page = f"/organisations/{member.organisation_id}"
    assert 'name="in_difficulty"' in text_of(client.get(org_page + "/modifier"))

    response = client.post(org_page + "/modifier", data={**GOOD_PROFILE, "in_difficulty": "y"})

    assert response.status_code == 302
    with in_db() as session:
        assert session.get(Organisation, member.organisation_id).in_difficulty is True
    assert "En difficulté" in text_of(client.get(org_page))


# member_since: the day it joined the network, the coordinator's -----------------------


def test_coordinator_sets_member_since_and_the_profile_shows_it(
    member, coordinator, client, login_as, in_db
):
    login_as(coordinator)
    org_page = f"/organisations/{member.organisation_id}"
    assert 'name="member_since" type="date"' in text_of(client.get(org_page + "/modifier"))

    response = client.post(
        org_page + "/modifier", data={**GOOD_PROFILE, "member_since": "2022-03-15"}
    )

    assert response.status_code == 302
    with in_db() as session:
        assert session.get(Organisation, member.organisation_id).member_since == date(2022, 3, 15)
    assert "<dt>Membre du réseau depuis</dt><dd>le 15/03/2022</dd>" in text_of(client.get(org_page))
    # The edit form shows it again, so that saving the form keeps it.
    assert 'value="2022-03-15"' in text_of(client.get(org_page + "/modifier"))


@pytest.mark.parametrize("value", [f"{NEXT_YEAR}-01-01", "1800-01-01"])
def test_member_since_out_of_range_is_a_form_error(member, coordinator, client, login_as, value):
    login_as(coordinator)
    response = client.post(
        f"/organisations/{member.organisation_id}/modifier",
        data={**GOOD_PROFILE, "member_since": value},
    )
    assert response.status_code == 422
    assert "doit être comprise entre 1844 et aujourd'hui" in text_of(response)


def test_a_new_organisation_joins_today_unless_told_otherwise(coordinator, client, login_as, in_db):
    login_as(coordinator)
    form = text_of(client.get("/organisations/nouvelle"))
    assert f'name="member_since" type="date" value="{date.today().isoformat()}"' in form
    response = client.post(
        "/organisations/nouvelle", data={**GOOD_PROFILE, "member_since": "15/03/2022"}
    )
    assert response.status_code == 422  # not a date the field reads: said, nothing written
    assert field_errors(response) == ["N'est pas une date valide."]
    with in_db() as session:
        assert session.scalar(db.select(db.func.count(Organisation.id))) == 0


def test_member_neither_sees_nor_sets_member_since(make, client, login_as, in_db):
    member = make.member(make.organisation("SCIC Alpha", member_since=date(2020, 1, 1)))
    login_as(member)
    org_page = f"/organisations/{member.organisation_id}"
    assert 'name="member_since"' not in text_of(client.get(org_page + "/modifier"))
    forged = {**GOOD_PROFILE, "member_since": "2023-05-05"}
    assert client.post(org_page + "/modifier", data=forged).status_code == 302
    with in_db() as session:
        assert session.get(Organisation, member.organisation_id).member_since == date(2020, 1, 1)


# The coordinator creates organisations ---------------------------------------------------


def test_coordinator_creates_an_organisation(coordinator, client, login_as, in_db):
    login_as(coordinator)
    assert client.get("/organisations/nouvelle").status_code == 200

    response = client.post(
        "/organisations/nouvelle", data={**GOOD_PROFILE, "name": "Énergie Citoyenne"}
    )

    assert response.status_code == 302
    with in_db() as session:
        org = session.execute(
            db.select(Organisation).filter_by(name="Énergie Citoyenne")
        ).scalar_one()
        assert location_path(response) == f"/organisations/{org.id}"
        assert org.name_key == "energie citoyenne"
        assert org.in_difficulty is False
        entry = session.scalars(
            db.select(AuditEntry).filter_by(action="organisation.create", object_id=org.id)
        ).one()
        assert entry.actor_id == coordinator.id


@pytest.mark.parametrize(
    "name",
    ["energie citoyenne", "ÉNERGIE-CITOYENNE", "  Energie   Citoyenne ", "Énergie Citoyenne"],
)
def test_duplicate_names_are_refused(make, coordinator, client, login_as, in_db, name):
    make.organisation("Énergie Citoyenne")
    login_as(coordinator)

    response = client.post("/organisations/nouvelle", data={**GOOD_PROFILE, "name": name})

    assert response.status_code == 422
    assert "Une organisation porte déjà ce nom." in field_errors(response)
    with in_db() as session:
        assert session.scalar(db.select(db.func.count(Organisation.id))) == 1


def test_renaming_onto_another_name_is_refused(member, make, client, login_as, in_db):
    make.organisation("Énergie Citoyenne")
    login_as(member)
    org_page = f"/organisations/{member.organisation_id}"

    clash = client.post(org_page + "/modifier", data={**GOOD_PROFILE, "name": "energie citoyenne"})
    same_name_other_case = client.post(
        org_page + "/modifier", data={**GOOD_PROFILE, "name": "scic ALPHA"}
    )

    assert clash.status_code == 422
    assert "Une organisation porte déjà ce nom." in field_errors(clash)
    assert same_name_other_case.status_code == 302
    with in_db() as session:
        assert session.get(Organisation, member.organisation_id).name == "scic ALPHA"


def test_a_name_taken_at_the_same_moment_is_refused_by_the_database(
    make, coordinator, client, login_as, in_db, monkeypatch
):
    """Two coordinators creating the same SCIC at once: both pass the form's check, and
    the database's unique constraint stops the second one with the same French message."""
    from entraide.organisations.forms import OrganisationForm

    make.organisation("Énergie Citoyenne")
    monkeypatch.setattr(OrganisationForm, "validate_name", lambda form, field: None)
    login_as(coordinator)

    response = client.post(
        "/organisations/nouvelle", data={**GOOD_PROFILE, "name": "ENERGIE citoyenne"}
    )

    assert response.status_code == 422
    assert "Une organisation porte déjà ce nom." in field_errors(response)
    with in_db() as session:
        assert session.scalar(db.select(db.func.count(Organisation.id))) == 1


def test_violates_unique_names_the_constraint_on_both_databases(make, app_ctx):
    from sqlalchemy.exc import IntegrityError

    from entraide.core.dberrors import violates_unique

    make.organisation("Énergie Citoyenne")
    db.session.add(
        Organisation(
            name="Energie citoyenne",
            name_key="energie citoyenne",
            name_skeleton="energie citoyenne #2",
        )
    )
    with pytest.raises(IntegrityError) as caught:
        db.session.flush()
    db.session.rollback()

    assert violates_unique(caught.value, "organisation", "name_key")
    assert not violates_unique(caught.value, "organisation", "siret")
    assert not violates_unique(caught.value, "reminder_sent", "reason_key")


@pytest.mark.parametrize(
    "name",
    [
        "Cl\u0456ss XXI",  # Cyrillic і
        "C1iss XXI",  # digit one for an l
        "Cliss \u0425XI",  # Cyrillic Х
        "CLISS xxi\u200b",  # a zero-width space, invisible
    ],
)
def test_a_name_that_imitates_another_is_refused(make, coordinator, client, login_as, in_db, name):
    make.organisation("Cliss XXI")
    login_as(coordinator)

    response = client.post("/organisations/nouvelle", data={**GOOD_PROFILE, "name": name})

    assert response.status_code == 422
    errors = " ".join(field_errors(response))
    assert "Cliss XXI" in errors or "porte déjà ce nom" in errors
    with in_db() as session:
        assert session.scalar(db.select(db.func.count(Organisation.id))) == 1


def test_invisible_characters_are_dropped_from_a_name(coordinator, client, login_as, in_db):
    login_as(coordinator)
    client.post(
        "/organisations/nouvelle",
        data={**GOOD_PROFILE, "name": "Le\u200b Toit\u202e Commun\u00ad"},
    )
    with in_db() as session:
        names = session.scalars(db.select(Organisation.name)).all()
    assert names == ["Le Toit Commun"]


@pytest.mark.parametrize("name", ["\ufdfa" * 200, "\ufdfa" * 12, "\u200b\u200b", "-- '' --"])
def test_names_that_grow_or_vanish_once_normalised_are_french_errors(
    coordinator, client, login_as, in_db, name
):
    # "\ufdfa" is one character that decomposes into 18: the key would outgrow its column.
    login_as(coordinator)

    response = client.post("/organisations/nouvelle", data={**GOOD_PROFILE, "name": name})

    assert response.status_code == 422
    errors = " ".join(field_errors(response))
    assert "trop long" in errors or "Indiquez le nom" in errors
    with in_db() as session:
        assert session.scalar(db.select(db.func.count(Organisation.id))) == 0
