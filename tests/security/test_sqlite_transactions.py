"""SQLite: a request that may write takes the write lock when its transaction starts.

Always on SQLite (its own file), whatever database the rest of the suite uses.
"""

import sqlite3
import threading
import time

import pytest
from sqlalchemy import event

from entraide.auth.sessions import LOGIN_AT
from entraide.core.extensions import db
from entraide.models import Need
from tests.conftest import TEST_PASSWORD, build_sqlite_app
from tests.factories import Factory

NEED = {"theme": "gouvernance", "text": "Préparer l'AG", "urgency": "normal"}


@pytest.fixture
def member_client(tmp_path):
    """A member of SCIC Alpha, signed in, on a migrated SQLite app of its own."""
    app = build_sqlite_app(tmp_path)
    with app.app_context():
        factory = Factory(TEST_PASSWORD)
        member = factory.member(factory.organisation("SCIC Alpha"))
        org_id, token, engine = member.organisation_id, member.session_token, db.engine
        email = member.email
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = token, True
        session[LOGIN_AT] = int(time.time())
    client.email = email
    yield app, client, engine, org_id
    engine.dispose()


def _statements(engine, log: list):
    """Record the SQL sent on ``engine`` (and its commits) until the returned stop()."""

    def listener(_conn, _cursor, statement, *_args):
        log.append(statement.strip().upper())

    def commit(_conn):
        log.append("COMMIT")

    event.listen(engine, "before_cursor_execute", listener)
    event.listen(engine, "commit", commit)

    def stop():
        event.remove(engine, "before_cursor_execute", listener)
        event.remove(engine, "commit", commit)

    return stop


def test_a_post_begins_immediate_and_a_get_reads_without_locking(member_client):
    _app, client, engine, org_id = member_client
    read, wrote = [], []

    stop = _statements(engine, read)
    client.get(f"/organisations/{org_id}")
    stop()
    stop = _statements(engine, wrote)
    client.post(f"/organisations/{org_id}/besoins/nouveau", data=NEED)
    stop()

    assert not any(s.startswith("BEGIN") for s in read)
    assert wrote[0] == "BEGIN IMMEDIATE"  # before the request's first read
    assert any(s.startswith("INSERT INTO NEED") for s in wrote)


def test_after_its_commit_a_request_reads_without_the_lock(member_client):
    """What a request does after committing (reloading to send a mail, here an invitation
    shown on screen without SMTP) must not hold the write lock: a mail server may be slow."""
    app, _client, engine, _org_id = member_client
    with app.app_context():
        coordinator = Factory(TEST_PASSWORD).coordinator()
        token = coordinator.session_token
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = token, True
        session[LOGIN_AT] = int(time.time())
    seen = []

    stop = _statements(engine, seen)
    response = client.post(
        "/utilisateurs/inviter", data={"email": "nouvelle@exemple.fr", "role": "viewer"}
    )
    stop()

    assert response.status_code == 200 and "nouvelle@exemple.fr" in response.text
    assert seen[0] == "BEGIN IMMEDIATE"
    after = seen[seen.index("COMMIT") + 1 :]
    assert any(s.startswith("SELECT") for s in after)  # the reload for the mail
    assert "BEGIN IMMEDIATE" not in after


def test_the_forgotten_password_form_never_takes_the_lock(member_client):
    """It writes nothing and sends a mail (to anyone who asks)."""
    _app, client, engine, _org_id = member_client
    seen = []
    stop = _statements(engine, seen)
    client.post("/mot-de-passe/oublie", data={"email": client.email})
    stop()
    assert "BEGIN IMMEDIATE" not in seen


def test_logging_in_does_not_hold_the_write_lock_while_checking_the_password(member_client):
    _app, client, engine, _org_id = member_client
    seen = []
    stop = _statements(engine, seen)
    response = client.post("/connexion", data={"email": client.email, "password": TEST_PASSWORD})
    stop()
    assert response.status_code == 302
    assert "BEGIN IMMEDIATE" not in seen


def test_a_post_waits_for_another_writer_instead_of_failing(member_client, tmp_path):
    """Another process holds the write lock: the request waits (busy_timeout) until it is
    released, then writes; it does not answer "database is locked"."""
    app, client, engine, org_id = member_client
    events = []
    other = sqlite3.connect(tmp_path / "app.sqlite3", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")

    def release():
        events.append("other writer commits")
        other.execute("COMMIT")

    stop = _statements(engine, events)
    timer = threading.Timer(0.3, release)
    timer.start()
    response = client.post(f"/organisations/{org_id}/besoins/nouveau", data=NEED)
    timer.join()
    stop()
    other.close()

    assert response.status_code == 302
    first_insert = next(i for i, s in enumerate(events) if s.startswith("INSERT INTO NEED"))
    assert events.index("other writer commits") < first_insert
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Need.id))) == 1
