"""Shared fixtures: the app on SQLite (default) or PostgreSQL (TEST_DATABASE_URL).

The schema is built through the migrations, like in production, once per session;
each test then runs against emptied tables (themes kept, since a migration owns them).
"""

import os
import re

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from entraide.app import create_app
from entraide.core.extensions import db
from tests.factories import Factory
from tests.mails import QueuedMails

TEST_PASSWORD = "Un-mot-de-passe-solide-62"


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


def _reset_postgres_schema(app) -> None:
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


class FreshUserClient(FlaskClient):
    """A test client that forgets Flask-Login's per-context cache between requests.

    Tests that hold an app context (``app_ctx``) share it with the requests they make,
    and with it ``g._login_user``: without this, a test switching users would keep
    acting as the previous one.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
        return super().open(*args, **kwargs)


def build_sqlite_app(folder, **settings):
    """A second, migrated app on its own SQLite file in ``folder`` (CSRF off unless asked).

    For tests that need settings the shared ``app`` cannot have: CSRF or rate limiting on.
    The caller disposes of ``db.engine`` when done.
    """
    from flask_migrate import upgrade

    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(folder / "app.sqlite3"),
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "tests-only-secret",
        "SERVER_NAME": "entraide.test",
        "BASE_URL": "http://entraide.test",
        "MAIL_SERVER": "",
        "RATELIMIT_ENABLED": False,
        "ACTION_FILES_FOLDER": str(folder / "pieces"),
    }
    config.update(settings)
    built = create_app(config)
    with built.app_context():
        upgrade()
        db.session.remove()
    return built


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from flask_migrate import upgrade

    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "tests-only-secret",
            "SERVER_NAME": "entraide.test",
            # Links in mails come from BASE_URL; the test client's host is SERVER_NAME's.
            "BASE_URL": "http://entraide.test",
            "MAIL_SERVER": "",
            # Hundreds of logins from one address: the limits are tested in tests/security.
            "RATELIMIT_ENABLED": False,
            "ENTRAIDE_INSTANCE": str(instance),
            # Files waiting for an import's confirmation: not in the repository's instance/.
            "IMPORT_PENDING_FOLDER": str(instance / "imports"),
            # The actions' documents (pièces justificatives): not in the repository's instance/.
            "ACTION_FILES_FOLDER": str(instance / "pieces"),
        }
    )
    app.test_client_class = FreshUserClient
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        _reset_postgres_schema(app)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        # Close pooled connections now, not at garbage collection (psycopg warns then).
        db.engine.dispose()


# Tables emptied between tests, children first; "theme" belongs to the migration.
_KEEP = {"theme", "alembic_version"}


@pytest.fixture(autouse=True)
def _clean_database(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in _KEEP]
        # DELETE, children first: on PostgreSQL it is some twenty times faster than a
        # TRUNCATE of every table after each test (no test relies on ids restarting).
        with db.engine.begin() as connection:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    """The mails queued in the outbox, read afresh at each use (tests/mails.py)."""
    return QueuedMails(app)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app_ctx):
    """Factories for organisations, users, needs and offers (committed)."""
    return Factory(TEST_PASSWORD)


def login(client, email: str, password: str = TEST_PASSWORD):
    return client.post("/connexion", data={"email": email, "password": password})


@pytest.fixture
def login_as(client):
    def _login(user):
        with client.session_transaction() as session:
            session.clear()  # switch user within a test
        response = login(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _login


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)
