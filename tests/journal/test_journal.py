"""The audit log browser: coordinator only, read-only, filters, append-only entries."""

import html
from datetime import datetime

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry
from entraide.models.audit import record
from tests.web.helpers import use_cheap_password_hashing


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _rows(response) -> str:
    """The table of entries only (the filter options name every action too)."""
    page = _text(response)
    return page[page.find("<tbody>") :] if "<tbody>" in page else ""


def _at(entry: AuditEntry, when: datetime) -> None:
    """Back-date an entry (the ORM refuses updates: go through SQL, as a test may)."""
    db.session.execute(
        db.update(AuditEntry.__table__)
        .where(AuditEntry.__table__.c.id == entry.id)
        .values(created_at=when)
    )


@pytest.fixture
def log(make, app_ctx):
    """A few entries: organisations created by the system, a change by the coordinator."""
    coordinator = make.coordinator(name="Camille Coordination")
    org = make.organisation("Coop Journal")
    entry = record(
        coordinator,
        org,
        "organisation.update",
        before={"mentor_capacity": 0, "public_directory": False},
        after={"mentor_capacity": 2, "public_directory": True, "colleges": ["salariés", "usagers"]},
    )
    db.session.flush()
    _at(entry, datetime(2024, 3, 15, 10, 30))
    old = record(None, org, "organisation.archive")
    db.session.flush()
    _at(old, datetime(2023, 1, 2, 8, 0))
    db.session.commit()
    return {
        "coordinator": coordinator,
        "org": org,
        "entry": entry,
        "old": old,
        "member": make.member(org),
        "viewer": make.viewer(),
    }


def test_access_by_role(log, client, login_as):
    assert "/connexion" in client.get("/journal").headers["Location"]
    login_as(log["member"])
    assert client.get("/journal").status_code == 403
    login_as(log["viewer"])
    assert client.get("/journal").status_code == 403
    login_as(log["coordinator"])
    assert client.get("/journal").status_code == 200


def test_entries_read_as_french_sentences_with_paris_times(log, client, login_as):
    login_as(log["coordinator"])
    page = _text(client.get("/journal"))
    org = log["org"]
    assert "Journal des actions" in page and "Journal des décisions" not in page
    assert "La coordination a modifié le profil de " in page
    assert f'<a href="/organisations/{org.id}">Coop Journal</a>' in page
    assert "Camille Coordination" in page and "Système" in page
    # 10:30 UTC on 15 March 2024 is 11:30 in Paris (winter time); 8:00 on 2 January, 9:00.
    assert "15/03/2024" in page and "11:30" in page and "10:30" not in page
    assert "02/01/2023" in page and "09:00" in page
    assert 'datetime="2024-03-15T11:30+01:00"' in page
    assert "UTC" not in page
    # French labels and readable values, never codes or JSON.
    assert "<strong>Capacité de parrainage</strong> : 0 → 2" in page
    assert "<strong>Annuaire public</strong> : non → oui" in page
    assert "<strong>Collèges</strong> : — → salariés et usagers" in page
    assert "Le système a archivé l'organisation " in page
    for raw in ("mentor_capacity", "public_directory", "organisation.update", "[", "{"):
        assert raw not in _rows(client.get("/journal")), raw
    assert page.index("15/03/2024") < page.index("02/01/2023")  # newest first


@pytest.mark.parametrize(
    "query, present, absent",
    [
        ("kind=organisation.archive", "02/01/2023", "15/03/2024"),
        ("kind=famille:organisations", "02/01/2023", "Compte"),
        ("kind=famille:accounts", "a créé le compte", "15/03/2024"),
        ("actor=system", "02/01/2023", "15/03/2024"),
        ("start=2024-01-01", "15/03/2024", "02/01/2023"),
        ("end=2023-12-31", "02/01/2023", "15/03/2024"),
        ("start=2024-03-15&end=2024-03-15", "15/03/2024", "02/01/2023"),
    ],
)
def test_filters(log, client, login_as, query, present, absent):
    login_as(log["coordinator"])
    response = client.get(f"/journal?{query}")
    assert response.status_code == 200
    rows = _rows(response)
    assert present in rows and absent not in rows


def test_filter_by_actor(log, client, login_as):
    login_as(log["coordinator"])
    rows = _rows(client.get(f"/journal?actor={log['coordinator'].id}"))
    assert "a modifié le profil" in rows and "a archivé" not in rows


def test_days_are_paris_days(log, client, login_as, app_ctx):
    """23:30 UTC on 14 March is 00:30 on 15 March in Paris: it belongs to the 15th."""
    late = record(None, log["org"], "organisation.restore")
    db.session.flush()
    _at(late, datetime(2024, 3, 14, 23, 30))
    db.session.commit()
    login_as(log["coordinator"])
    rows = _rows(client.get("/journal?start=2024-03-15&end=2024-03-15"))
    assert "a restauré l'organisation" in rows and "00:30" in rows
    assert "a restauré" not in _rows(client.get("/journal?start=2024-03-14&end=2024-03-14"))


def test_filter_by_organisation(log, client, login_as, make, app_ctx):
    other = make.organisation("Autre Coop")
    record(log["coordinator"], other, "organisation.archive")
    db.session.commit()
    login_as(log["coordinator"])
    rows = _rows(client.get(f"/journal?organisation={log['org'].id}"))
    assert "Coop Journal" in rows and "Autre Coop" not in rows
    rows = _rows(client.get(f"/journal?organisation={other.id}"))
    assert "Autre Coop" in rows and "a modifié le profil de" not in rows


@pytest.mark.parametrize(
    "query, message",
    [
        ("start=2024-05-01&end=2024-04-01", "La date de fin précède la date de début."),
        ("start=2024-13-45", "date"),
        ("start=9999-12-31", "Les dates vont de 2000 à 2100."),
        ("end=0001-01-01", "Les dates vont de 2000 à 2100."),
        ("start=2001-01-01&end=2024-01-01", "dix ans"),
        ("kind=inventée", "choix"),
        ("kind=famille:inventée", "choix"),
        ("actor=999999", "choix"),
        ("organisation=999999", "choix"),
        ("organisation=abc", "choix"),
        ("page=0", "Le numéro de page doit être un entier positif."),
    ],
)
def test_bad_filters_answer_422_in_french(log, client, login_as, query, message):
    login_as(log["coordinator"])
    response = client.get(f"/journal?{query}")
    assert response.status_code == 422
    page = _text(response)
    assert message in page and "Filtres invalides" in page


def test_pagination(log, client, login_as, app_ctx):
    for _ in range(60):
        record(None, log["org"], "organisation.restore")
    db.session.commit()
    login_as(log["coordinator"])
    first = _text(client.get("/journal"))
    total = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    assert f"{total} entrées, les plus récentes d'abord" in first and "Page 1 sur 2" in first
    assert "Page 2 sur 2" in _text(client.get("/journal?page=2"))
    beyond = _text(client.get("/journal?page=9&kind=organisation.restore"))
    assert "Cette page du journal est vide" in beyond
    assert 'href="/journal?kind=organisation.restore"' in beyond


def test_no_route_changes_the_log(app, log, client, login_as):
    methods = {
        m
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("journal.")
        for m in rule.methods
    }
    assert methods <= {"GET", "HEAD", "OPTIONS"}
    login_as(log["coordinator"])
    assert client.post("/journal").status_code == 405


def test_entries_cannot_be_deleted_or_updated_through_the_orm(log, app_ctx):
    entry = db.session.get(AuditEntry, log["entry"].id)
    db.session.delete(entry)
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    entry = db.session.get(AuditEntry, log["entry"].id)
    entry.action = "falsified"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEntry, log["entry"].id).action == "organisation.update"
