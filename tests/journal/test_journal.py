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


def test_entries_show_actor_role_time_object_and_values(log, client, login_as):
    login_as(log["coordinator"])
    page = _text(client.get("/journal"))
    assert "Camille Coordination" in page and "Coordination" in page
    assert "2024-03-15 10:30:00" in page and "UTC" in page
    assert "organisation.update" in page and "Système" in page
    assert f'href="/organisations/{log["org"].id}"' in page
    # before/after as key/value tables, JSON values readable (accents kept).
    assert '<th scope="row">mentor_capacity</th><td>2</td>' in page
    assert '<th scope="row">public_directory</th><td>oui</td>' in page
    assert '["salariés", "usagers"]' in page
    assert page.index("2024-03-15") < page.index("2023-01-02")  # newest first


@pytest.mark.parametrize(
    "query, present, absent",
    [
        ("action=organisation.archive", "2023-01-02", "2024-03-15"),
        ("object_type=User", "Compte : création", "Organisation : modification"),
        ("actor=system", "2023-01-02", "2024-03-15"),
        ("start=2024-01-01", "2024-03-15", "2023-01-02"),
        ("end=2023-12-31", "2023-01-02", "2024-03-15"),
        ("start=2024-03-15&end=2024-03-15", "2024-03-15", "2023-01-02"),
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
    assert "Organisation : modification" in rows and "Organisation : archivage" not in rows


@pytest.mark.parametrize(
    "query, message",
    [
        ("start=2024-05-01&end=2024-04-01", "La date de fin précède la date de début."),
        ("start=2024-13-45", "date"),
        ("action=inventée", "choix"),
        ("actor=999999", "choix"),
    ],
)
def test_bad_filters_answer_422_in_french(log, client, login_as, query, message):
    login_as(log["coordinator"])
    response = client.get(f"/journal?{query}")
    assert response.status_code == 422
    page = _text(response)
    assert message in page and "Filtres invalides" in page


def test_pagination(log, client, login_as, app_ctx):
    for i in range(60):
        record(None, log["org"], f"test.bulk{i:02d}")
    db.session.commit()
    login_as(log["coordinator"])
    first = _text(client.get("/journal"))
    assert "Page 1 sur 2" in first
    assert "Page 2 sur 2" in _text(client.get("/journal?page=2"))


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


def test_every_recorded_action_has_a_french_label():
    """Each action code written by a service reads as French in the journal."""
    import pathlib
    import re

    from entraide.journal.labels import action_label

    source = "\n".join(p.read_text() for p in pathlib.Path("entraide").rglob("*.py"))
    codes = set(re.findall(r'"([a-z_]+\.[a-z_]+)"', source))
    actions = {
        c
        for c in codes
        if not c.endswith(".id")
        and c.split(".")[0]
        in {
            "organisation",
            "need",
            "offer",
            "user",
            "pairing",
            "pair",
            "followup",
            "followup_action",
            "group",
            "meeting",
            "help_request",
            "help_answer",
            "matching",
            "report",
        }
    }
    statuses = {"proposed", "awaiting_consent", "active", "completed", "stopped", "declined"}
    actions |= {f"pairing.{s}" for s in statuses} | {"need.met", "need.withdrawn"}
    untranslated = sorted(a for a in actions if action_label(a) == a)
    assert untranslated == []
