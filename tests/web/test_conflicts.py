"""A change another request made at the same moment: the French 409 page, never a 500.

The database refuses the write (a constraint, a pairing's version, PostgreSQL giving up a
transaction), whether at the view's commit or at an autoflush inside a service: the
request is rolled back and answered "Action impossible" (JSON for the API).
"""

import logging

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

import entraide.api.routes as api_routes
import entraide.declarations.services as declaration_services
from entraide.core.extensions import db
from entraide.models import AuditEntry, Need, Theme
from entraide.web.errors import API_CONFLICT_MESSAGE, CONFLICT_MESSAGE
from tests.web.helpers import text_of


class _PgError(Exception):
    """Stands for a psycopg error: only its SQLSTATE matters here."""

    def __init__(self, sqlstate):
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


def _duplicate_theme():
    # The themes are seeded by the migrations: a second "gouvernance" breaks the key.
    db.session.execute(insert(Theme).values(code="gouvernance", label="Double", position=99))


def _stale():
    raise StaleDataError("UPDATE statement on table 'pairing' expected to update 1 row(s)")


def _deadlock():
    raise OperationalError("UPDATE pairing …", {}, _PgError("40P01"))


def _serialization_failure():
    raise OperationalError("UPDATE pairing …", {}, _PgError("40001"))


@pytest.fixture
def conflicting_service(monkeypatch):
    """declare_need writes its row, then the database refuses (``fail`` says how)."""

    def install(fail):
        original = declaration_services.declare_need

        def declare_then_conflict(*args, **kwargs):
            original(*args, **kwargs)
            db.session.flush()
            fail()

        monkeypatch.setattr(declaration_services, "declare_need", declare_then_conflict)

    return install


@pytest.mark.parametrize("fail", [_duplicate_theme, _stale, _deadlock, _serialization_failure])
def test_a_concurrent_change_is_the_french_409_page_and_writes_nothing(
    conflicting_service, fail, make, client, login_as, in_db
):
    conflicting_service(fail)
    member = make.member()
    login_as(member)
    with in_db() as session:
        audit_before = session.scalar(db.select(db.func.count(AuditEntry.id)))

    response = client.post(
        f"/organisations/{member.organisation_id}/besoins/nouveau",
        data={"theme": "gestion", "text": "Un besoin", "urgency": "low"},
    )

    assert response.status_code == 409
    body = text_of(response)
    assert "<h1>Action impossible</h1>" in body
    assert CONFLICT_MESSAGE in body and "Rien n'a été enregistré." in body
    with in_db() as session:
        assert session.scalar(db.select(db.func.count(Need.id))) == 0
        assert session.scalar(db.select(db.func.count(AuditEntry.id))) == audit_before


def test_another_database_failure_stays_a_500(conflicting_service, make, client, login_as, caplog):
    def disk_full():
        raise OperationalError("INSERT …", {}, _PgError("53100"))

    conflicting_service(disk_full)
    member = make.member()
    login_as(member)
    with caplog.at_level(logging.ERROR, logger="entraide.web.errors"):
        response = client.post(
            f"/organisations/{member.organisation_id}/besoins/nouveau",
            data={"theme": "gestion", "text": "Un besoin", "urgency": "low"},
        )
    assert response.status_code == 500
    assert "Unhandled error" in caplog.text


def test_the_api_answers_a_conflict_in_json(monkeypatch, client):
    def conflict():
        raise StaleDataError("stale")

    monkeypatch.setattr(api_routes.queries, "network_stats", conflict)
    response = client.get("/api/v1/stats")
    assert response.status_code == 409
    assert response.json == {"error": {"status": 409, "message": API_CONFLICT_MESSAGE}}


def test_a_writer_busy_too_long_on_sqlite_is_a_french_503(app, make, client, login_as, monkeypatch):
    """Another process holds SQLite's write lock past busy_timeout: « réessayez », not a 500."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///"):
        pytest.skip("SQLite's single writer lock; PostgreSQL locks rows and waits")
    import sqlite3

    import entraide.core.sqlite as sqlite_setup

    member = make.member()
    login_as(member)
    monkeypatch.setattr(sqlite_setup, "BUSY_TIMEOUT_MS", 50)
    with app.app_context():
        db.engine.dispose()  # new connections take the short timeout
    other = sqlite3.connect(url[len("sqlite:///") :], isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        response = client.post(
            f"/organisations/{member.organisation_id}/besoins/nouveau",
            data={"theme": "gestion", "text": "Un besoin", "urgency": "low"},
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
        monkeypatch.undo()
        with app.app_context():
            db.engine.dispose()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    body = text_of(response)
    assert "Le service est très sollicité en ce moment : rien n'a été enregistré." in body
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Need.id))) == 0
