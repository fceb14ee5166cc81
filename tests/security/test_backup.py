"""Backup and restore from the command line: SQLite round trip, PostgreSQL when possible."""

import os
import re
import shutil
import sqlite3
import subprocess

import pytest
from sqlalchemy import func, select, text

from entraide.core.extensions import db
from entraide.models import AuditEntry, Need, Organisation, User
from tests.conftest import TEST_PASSWORD
from tests.factories import Factory

COUNTED = (Organisation, User, Need, AuditEntry)


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.execute(select(func.count()).select_from(model)).scalar_one()
        for model in COUNTED
    }


def _fill(factory: Factory) -> None:
    org = factory.organisation("SCIC Sauvegarde")
    factory.member(org)
    factory.need(org, text="Besoin avant la sauvegarde")


def _change_everything(factory: Factory) -> None:
    db.session.execute(db.delete(Need))
    db.session.commit()
    factory.organisation("SCIC arrivée après la sauvegarde")


@pytest.fixture
def sqlite_app(new_app):
    app = new_app(RATELIMIT_ENABLED=False)
    with app.app_context():
        _fill(Factory(TEST_PASSWORD))
        db.session.remove()
    return app


def _database_file(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


def test_sqlite_round_trip(sqlite_app, tmp_path):
    runner = sqlite_app.test_cli_runner()
    target = tmp_path / "sauvegarde.sqlite3"
    with sqlite_app.app_context():
        before = _counts()

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    assert "Sauvegarde écrite" in result.output
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    with sqlite_app.app_context():
        _change_everything(Factory(TEST_PASSWORD))
        assert _counts() != before
        db.session.remove()

    result = runner.invoke(args=["restore", "--yes", str(target)])

    assert result.exit_code == 0, result.output
    assert "Base restaurée" in result.output
    with sqlite_app.app_context():
        assert _counts() == before
        assert db.session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert db.session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        names = db.session.execute(select(Organisation.name)).scalars().all()
        assert "SCIC arrivée après la sauvegarde" not in names
        db.session.remove()


def test_backup_is_a_consistent_snapshot_while_a_writer_is_busy(sqlite_app, tmp_path):
    target = tmp_path / "pendant.sqlite3"
    with sqlite_app.app_context():
        before = _counts()
        db.session.remove()
    writer = sqlite3.connect(_database_file(sqlite_app), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM need")  # not committed during the backup

        result = sqlite_app.test_cli_runner().invoke(args=["backup", str(target)])

        writer.execute("COMMIT")
    finally:
        writer.close()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM need").fetchone()[0] == before["Need"]
        assert (
            copy.execute("SELECT count(*) FROM organisation").fetchone()[0]
            == (before["Organisation"])
        )
    finally:
        copy.close()


def test_backup_refuses_to_overwrite_without_force(sqlite_app, tmp_path):
    target = tmp_path / "existe.sqlite3"
    target.write_text("précieux")
    runner = sqlite_app.test_cli_runner()

    refused = runner.invoke(args=["backup", str(target)])

    assert refused.exit_code == 1
    assert "Erreur : Le fichier" in refused.output and "--force" in refused.output
    assert target.read_text() == "précieux"
    forced = runner.invoke(args=["backup", "--force", str(target)])
    assert forced.exit_code == 0, forced.output


def test_backup_into_a_missing_folder_fails_in_french(sqlite_app, tmp_path):
    result = sqlite_app.test_cli_runner().invoke(
        args=["backup", str(tmp_path / "absent" / "b.sqlite3")]
    )
    assert result.exit_code == 1
    assert "Erreur : Le dossier" in result.output


def test_restore_asks_for_confirmation(sqlite_app, tmp_path):
    target = tmp_path / "b.sqlite3"
    runner = sqlite_app.test_cli_runner()
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    with sqlite_app.app_context():
        _change_everything(Factory(TEST_PASSWORD))
        after_change = _counts()
        db.session.remove()

    result = runner.invoke(args=["restore", str(target)], input="n\n")

    assert result.exit_code == 1
    assert "Erreur : Restauration annulée" in result.output
    with sqlite_app.app_context():
        assert _counts() == after_change
        db.session.remove()
    accepted = runner.invoke(args=["restore", str(target)], input="y\n")
    assert accepted.exit_code == 0, accepted.output


@pytest.mark.parametrize("content", ["not-a-database", "sqlite-without-alembic", "missing"])
def test_restore_refuses_what_is_not_an_entraide_backup(sqlite_app, tmp_path, content):
    source = tmp_path / "source.sqlite3"
    if content == "not-a-database":
        source.write_bytes(b"x" * 4096)
    elif content == "sqlite-without-alembic":
        other = sqlite3.connect(source)
        other.execute("CREATE TABLE t (x)")
        other.commit()
        other.close()
    with sqlite_app.app_context():
        before = _counts()
        db.session.remove()

    result = sqlite_app.test_cli_runner().invoke(args=["restore", "--yes", str(source)])

    assert result.exit_code == 1
    assert result.output.startswith("Erreur : ")
    with sqlite_app.app_context():
        assert _counts() == before
        db.session.remove()


# PostgreSQL: on the suite's database when the tests run there -----------------------------


def _postgres_tools_match_server() -> str | None:
    """Why pg_dump cannot be used on this server, or None."""
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        return "pg_dump/pg_restore are not installed"
    output = subprocess.run(
        ["pg_dump", "--version"], capture_output=True, text=True, check=True
    ).stdout
    client_major = int(re.search(r"(\d+)\.", output).group(1))
    server = db.session.execute(text("SHOW server_version")).scalar_one()
    server_major = int(re.match(r"(\d+)", server).group(1))
    if client_major < server_major:
        return f"pg_dump {client_major} is older than the server ({server_major})"
    return None


def test_postgresql_round_trip(app, make, runner, tmp_path):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the suite runs on SQLite (TEST_DATABASE_URL unset)")
    problem = _postgres_tools_match_server()
    if problem:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(problem)
        pytest.skip(problem)
    _fill(make)
    before = _counts()
    target = tmp_path / "sauvegarde.dump"

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:5] == b"PGDMP"  # custom format
    _change_everything(make)
    assert _counts() != before
    db.session.remove()

    result = runner.invoke(args=["restore", "--yes", str(target)])

    assert result.exit_code == 0, result.output
    assert _counts() == before
    db.session.remove()


def test_postgresql_restore_failure_is_reported_in_french(app_ctx, runner, tmp_path):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the suite runs on SQLite (TEST_DATABASE_URL unset)")
    if shutil.which("pg_restore") is None:
        pytest.skip("pg_restore is not installed")
    source = tmp_path / "faux.dump"
    source.write_bytes(b"pas une sauvegarde")
    result = runner.invoke(args=["restore", "--yes", str(source)])
    assert result.exit_code == 1
    assert result.output.startswith("Erreur : pg_restore a échoué")
