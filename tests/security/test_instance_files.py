"""The instance folder and the SQLite files are readable by their owner only."""

import stat

from entraide.app import create_app
from entraide.core.extensions import db


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_instance_folder_and_database_files_are_owner_only(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)  # as git checks it out
    monkeypatch.setenv("ENTRAIDE_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    with app.app_context():
        db.session.execute(db.text("CREATE TABLE probe (id INTEGER)"))
        db.session.execute(db.text("INSERT INTO probe VALUES (1)"))
        db.session.commit()
        database = instance / "entraide.sqlite3"
        assert _mode(instance) == 0o700
        assert _mode(database) == 0o600
        assert _mode(instance / "secret_key") == 0o600
        wal = instance / "entraide.sqlite3-wal"
        assert wal.exists() and _mode(wal) == 0o600
        db.engine.dispose()


def test_files_made_before_the_rule_are_tightened(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    database = instance / "entraide.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    monkeypatch.setenv("ENTRAIDE_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": "test"})
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        assert _mode(database) == 0o600
        db.session.remove()
        db.engine.dispose()
