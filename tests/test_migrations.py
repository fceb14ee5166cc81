"""The migrations build, from an empty database, exactly the schema of the models.

Run on a fresh SQLite file, and on PostgreSQL too when ``TEST_DATABASE_URL`` points to it
(in a schema of its own, dropped afterwards, so the suite's database is left alone).
"""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from entraide.app import MIGRATIONS_DIR, create_app
from entraide.core.extensions import db
from entraide.models import Theme
from entraide.themes import THEMES


def _backends():
    backends = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        backends.append(pytest.param("postgresql", id="postgresql"))
    return backends


@pytest.fixture(params=_backends())
def empty_app(request, tmp_path):
    """An app on an empty database of the given kind."""
    engine_options = {"pool_pre_ping": True}
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'migrations.sqlite3'}", None
    else:
        url, schema = os.environ["TEST_DATABASE_URL"], f"migrations_{uuid.uuid4().hex[:10]}"
        _run_on(url, f'CREATE SCHEMA "{schema}"')
        engine_options["connect_args"] = {"options": f"-csearch_path={schema}"}
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "SECRET_KEY": "migration-tests-only",
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()
    if schema:
        _run_on(url, f'DROP SCHEMA "{schema}" CASCADE')


def _run_on(url: str, statement: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def _schema_differences(app) -> list:
    """What ``flask db check`` would find: autogenerate's diff of the database and models."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def _current_revision(app) -> str | None:
    with app.app_context(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _head() -> str:
    config_dir = ScriptDirectory(MIGRATIONS_DIR)
    return config_dir.get_current_head()


def test_upgrade_from_empty_matches_the_models(empty_app):
    assert _tables(empty_app) == set()

    with empty_app.app_context():
        upgrade()

    assert _current_revision(empty_app) == _head()
    assert _tables(empty_app) == set(db.metadata.tables) | {"alembic_version"}
    assert _schema_differences(empty_app) == []


def test_upgrade_seeds_the_themes_in_order(empty_app):
    with empty_app.app_context():
        upgrade()
        themes = db.session.scalars(db.select(Theme).order_by(Theme.position)).all()
        assert [(theme.code, theme.label) for theme in themes] == list(THEMES.items())


def test_upgrade_records_the_2024_aid_of_the_departement(empty_app):
    """The amount the code used to carry moves into the table the coordination edits."""
    from decimal import Decimal

    from entraide.models import ReportAid

    with empty_app.app_context():
        upgrade()
        assert db.session.get(ReportAid, 2024).amount == Decimal("17500.00")


def test_downgrade_to_base_then_upgrade_again(empty_app):
    with empty_app.app_context():
        upgrade()
        downgrade(revision="base")

    assert _tables(empty_app) <= {"alembic_version"}
    assert _current_revision(empty_app) is None

    with empty_app.app_context():
        upgrade()

    assert _current_revision(empty_app) == _head()
    assert _schema_differences(empty_app) == []


def test_the_suite_database_matches_the_models(app):
    """The database every other test uses (SQLite, or PostgreSQL's public schema)."""
    assert _current_revision(app) == _head()
    assert _schema_differences(app) == []
