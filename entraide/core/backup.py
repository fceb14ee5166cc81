"""Backup and restore of the whole database, safe while the application runs.

SQLite: the online backup API copies a consistent snapshot page by page (readers and
writers keep working; WAL content is included) into a temporary file renamed into
place at the end. Restoring copies the backup *into* the live database with the same
API, under SQLite's lock: connections see either the old or the new content, never a
mix, and the file keeps its inode, its WAL mode and its permissions.

PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot) and
``pg_restore --clean --if-exists --no-owner --single-transaction`` (all or nothing).
The client tools must be of the server's major version or newer.
"""

import os
import shutil
import sqlite3

# Runs pg_dump/pg_restore only, with an argument list and never a shell.
import subprocess  # nosec B404
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from .errors import UserError
from .extensions import db


def database_url() -> URL:
    return make_url(str(db.engine.url))


def backup(target: str | os.PathLike) -> Path:
    """Write a backup of the current database to ``target``; return its path."""
    target = Path(target)
    if not target.parent.is_dir():
        raise UserError(f"Le dossier {target.parent} n'existe pas.")
    url = database_url()
    if url.get_backend_name() == "sqlite":
        _sqlite_backup(_sqlite_path(url), target)
    elif url.get_backend_name() == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target)],
            url,
            "pg_dump",
        )
    else:
        raise UserError(f"Base de données non prise en charge : {url.get_backend_name()}.")
    return target


def restore(source: str | os.PathLike) -> None:
    """Replace the whole content of the current database by the backup ``source``."""
    source = Path(source)
    if not source.is_file():
        raise UserError(f"Le fichier {source} n'existe pas.")
    url = database_url()
    # Release every pooled connection first: none may hold a lock or a stale plan.
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        _sqlite_restore(source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(source),
            ],
            url,
            "pg_restore",
        )
    else:
        raise UserError(f"Base de données non prise en charge : {url.get_backend_name()}.")
    db.engine.dispose()


def integrity_problem(path: str | os.PathLike) -> str | None:
    """Return why this SQLite file is not a usable Entraide backup, or None."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return f"fichier illisible ({error})"
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            return f"contrôle d'intégrité en échec ({result})"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            return "ce n'est pas une base Entraide (table alembic_version absente)"
    except sqlite3.DatabaseError as error:
        return f"ce n'est pas une base SQLite ({error})"
    finally:
        connection.close()
    return None


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise UserError("Une base SQLite en mémoire ne peut être ni sauvegardée ni restaurée.")
    return Path(url.database)


def _sqlite_backup(database: Path, target: Path) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".entraide-backup-")
    os.close(handle)
    try:
        source = sqlite3.connect(database)
        destination = sqlite3.connect(temporary)
        try:
            with destination:
                source.backup(destination)
            # A self-contained file: no WAL beside it, whatever the live database uses.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
            source.close()
        problem = integrity_problem(temporary)
        if problem:
            raise UserError(f"La sauvegarde produite est invalide : {problem}.")
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except sqlite3.Error as error:
        raise UserError(f"Sauvegarde impossible : {error}.") from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _sqlite_restore(source: Path, database: Path) -> None:
    problem = integrity_problem(source)
    if problem:
        raise UserError(f"Restauration refusée : {problem}.")
    try:
        backup_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(database, timeout=30)
        try:
            backup_connection.backup(live)
        finally:
            live.close()
            backup_connection.close()
    except sqlite3.Error as error:
        raise UserError(f"Restauration impossible : {error}.") from error


def _run(command: list[str], url: URL, tool: str) -> None:
    """Run a PostgreSQL client tool on this database; the password goes by environment."""
    if shutil.which(command[0]) is None:
        raise UserError(f"{tool} est introuvable : installez le client PostgreSQL.")
    environment = dict(os.environ)
    # A request holding a lock must make the restore fail, not wait forever.
    environment.setdefault("PGOPTIONS", "-c lock_timeout=60s")
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    libpq_url = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False
    )
    # Fixed program (shutil.which), arguments from our settings, no shell.
    result = subprocess.run(  # noqa: S603 # nosec B603
        [*command, "--dbname", libpq_url],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
        raise UserError(f"{tool} a échoué (code {result.returncode}) : {detail}")
