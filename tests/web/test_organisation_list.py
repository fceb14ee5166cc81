"""The coordinator's list of organisations (filters, pagination) and archiving."""

import re

import pytest

from entraide.declarations.services import close_need
from entraide.models import Need, Organisation
from entraide.organisations.services import archive_organisation
from tests.web.helpers import location_path, text_of


def _listed_names(response) -> list[str]:
    body = text_of(response)
    return re.findall(r'<td><a href="/organisations/\d+">([^<]+)</a>', body)


@pytest.fixture
def member(make):
    return make.member(make.organisation("SCIC Alpha"))


@pytest.fixture
def coordinator(make):
    return make.coordinator()


# The coordinator's list -----------------------------------------------------------------


@pytest.fixture
def network(make, in_db):
    """Five organisations spread over sectors, EPCIs, ages and needs; one archived."""
    alpha = make.organisation(
        "Alpha Énergie", sector="energie", commune_insee="62498", year_created=2010
    )
    beta = make.organisation(
        "Bêta Services", sector="services", commune_insee="62041", year_created=2022
    )
    make.organisation(
        "Gamma Projet", status="projet", sector="culture", commune_insee="62041", year_created=None
    )
    make.organisation("Delta Ancienne", sector="services", commune_insee="62498", year_created=None)
    archived = make.organisation("Epsilon Archivée", sector="energie")
    make.need(beta, theme="subventions")
    closed = make.need(alpha, theme="subventions")
    make.need(alpha, theme="gestion")
    make.need(archived, theme="subventions")
    with in_db() as session:
        close_need(session.get(Need, closed.id), None, "met")
        archive_organisation(session.get(Organisation, archived.id), None)
        session.commit()


ALL_ACTIVE = ["Alpha Énergie", "Bêta Services", "Delta Ancienne", "Gamma Projet"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, ALL_ACTIVE),
        ({"sector": "energie"}, ["Alpha Énergie"]),
        ({"epci": "CU d'Arras"}, ["Bêta Services", "Gamma Projet"]),
        ({"epci": "CA de Lens - Liévin"}, ["Alpha Énergie", "Delta Ancienne"]),
        ({"status": "projet"}, ["Gamma Projet"]),
        ({"status": "scic"}, ["Alpha Énergie", "Bêta Services", "Delta Ancienne"]),
        ({"age": "young"}, ["Bêta Services", "Gamma Projet"]),
        ({"age": "experienced"}, ["Alpha Énergie"]),
        ({"age": "unknown"}, ["Delta Ancienne"]),  # unknown year: its own category
        ({"theme": "subventions"}, ["Bêta Services"]),  # open needs of active organisations only
        ({"theme": "gestion"}, ["Alpha Énergie"]),
        ({"q": "beta"}, ["Bêta Services"]),
        ({"q": "ÉNERGIE"}, ["Alpha Énergie"]),
        ({"q": "%"}, []),
        ({"q": "a_"}, []),
        ({"archived": "1"}, ["Epsilon Archivée"]),
        ({"sector": "services", "epci": "CU d'Arras", "age": "young"}, ["Bêta Services"]),
        # Unknown values are ignored, never an error.
        ({"sector": "spatial", "status": "x", "age": "old", "theme": "x", "epci": "x"}, ALL_ACTIVE),
    ],
)
def test_list_filters(network, coordinator, client, login_as, query, names):
    login_as(coordinator)
    response = client.get("/organisations", query_string=query)
    assert response.status_code == 200
    assert _listed_names(response) == names


def test_list_pagination(network, coordinator, client, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 3)
    login_as(coordinator)

    first = client.get("/organisations")
    second = client.get("/organisations", query_string={"page": 2})

    assert _listed_names(first) == ALL_ACTIVE[:3]
    assert "Page 1 sur 2" in text_of(first)
    assert 'rel="next"' in text_of(first)
    assert _listed_names(second) == ALL_ACTIVE[3:]
    assert 'rel="prev"' in text_of(second)
    for page in ("99", "0", "-1", "deux"):
        response = client.get("/organisations", query_string={"page": page})
        assert response.status_code == 200, page
    assert _listed_names(client.get("/organisations?page=99")) == []
    assert _listed_names(client.get("/organisations?page=deux")) == ALL_ACTIVE[:3]


def test_filters_survive_pagination(network, coordinator, client, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 1)
    login_as(coordinator)
    response = client.get("/organisations", query_string={"sector": "services"})
    assert _listed_names(response) == ["Bêta Services"]
    assert "sector=services" in re.search(r'href="([^"]+)" rel="next"', text_of(response))[1]


# Archiving ------------------------------------------------------------------------------


def test_archive_and_restore(
    member, coordinator, client, login_as, new_client, in_db, audit_actions
):
    org_page = f"/organisations/{member.organisation_id}"
    member_browser = new_client(member)
    login_as(coordinator)
    assert client.get(org_page + "/archiver").status_code == 405

    response = client.post(org_page + "/archiver")

    assert location_path(response) == "/organisations"
    with in_db() as session:
        assert session.get(Organisation, member.organisation_id).archived_at is not None
    assert "SCIC Alpha" not in _listed_names(client.get("/organisations"))
    assert "SCIC Alpha" in _listed_names(client.get("/organisations?archived=1"))
    page = text_of(client.get(org_page))
    assert "Archivée" in page and "Restaurer" in page
    # Archived organisations cannot be edited, by the coordinator or their members.
    for browser in (client, member_browser):
        assert browser.get(org_page + "/modifier").status_code == 404
        assert browser.post(org_page + "/modifier", data={"name": "X"}).status_code == 404
        assert browser.get(org_page + "/besoins/nouveau").status_code == 404
        assert browser.get(org_page + "/offres/nouvelle").status_code == 404
    assert member_browser.get(org_page).status_code == 200  # its history stays readable

    response = client.post(org_page + "/restaurer")

    assert location_path(response) == org_page
    with in_db() as session:
        assert session.get(Organisation, member.organisation_id).archived_at is None
    assert member_browser.get(org_page + "/modifier").status_code == 200
    assert audit_actions("Organisation")[-2:] == ["organisation.archive", "organisation.restore"]


def test_archiving_twice_is_harmless(member, coordinator, client, login_as, audit_actions):
    login_as(coordinator)
    org_page = f"/organisations/{member.organisation_id}"
    client.post(org_page + "/archiver")
    client.post(org_page + "/archiver")
    client.post(org_page + "/restaurer")
    client.post(org_page + "/restaurer")
    assert audit_actions("Organisation").count("organisation.archive") == 1
    assert audit_actions("Organisation").count("organisation.restore") == 1


def test_unknown_organisation_is_404(coordinator, client, login_as):
    login_as(coordinator)
    for path in ("/organisations/999999", "/organisations/999999/modifier"):
        assert client.get(path).status_code == 404
    assert client.post("/organisations/999999/archiver").status_code == 404


def test_the_list_counts_open_needs_and_active_offers(make, coordinator, client, login_as):
    org = make.organisation("SCIC Comptée")
    make.need(org, "gouvernance", "Un")
    make.need(org, "gestion", "Deux")
    met = make.need(org, "juridique", "Trois")
    make.offer(org, "numerique", "Nos logiciels")
    login_as(make.member(org))
    client.post(f"/besoins/{met.id}/clore", data={"outcome": "met"})
    login_as(coordinator)
    row = text_of(client.get("/organisations?q=Comptée")).split("SCIC Comptée</a>")[1]
    cells = re.findall(r"<td>([^<]*)</td>", row.split("</tr>")[0])
    assert cells[-3:] == ["2", "1", "non"]  # open needs, active offers, sponsor places
