"""SQLite connections: their settings, and when a request's write transaction begins.

Listens to every engine and leaves the others (PostgreSQL) alone.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

# POSTs that keep the sqlite3 module's default (BEGIN just before the first write) rather
# than taking the write lock from their first query, because they would hold it through
# slow work that decides nothing the write depends on:
DEFERRED_ENDPOINTS = frozenset(
    {
        # argon2 (~0.1 s) between reading the account and writing its session token:
        # 50 simultaneous logins queued past busy_timeout when they held the lock.
        "auth.login",
        "auth.accept_invitation",
        "auth.reset_password",
        "auth.change_password",
        # Read an account, then write at most one row (a mail queued in the outbox).
        "auth.forgot_password",
        "users.resend",
        # Validate the whole file first (46 s for 10 000 rows); a name taken meanwhile is
        # refused by the unique constraint and reported.
        "transfer.import_orgs",
        "transfer.confirm_import",
        # The preview runs the matching engine twice; saving writes one row.
        "suggestions.settings",
    }
)
_COMMITTED = "entraide.sqlite_committed"  # in the request's WSGI environ
_IMMEDIATE = ContextVar("entraide_sqlite_immediate", default=False)


@contextmanager
def immediate_transactions() -> Iterator[None]:
    """Outside a request (the outbox worker), transactions begun in this block take the
    write lock first (BEGIN IMMEDIATE), as a request's do: two workers claiming mails
    queue one after the other (busy_timeout) and the second sees the first's claim."""
    token = _IMMEDIATE.set(True)
    try:
        yield
    finally:
        _IMMEDIATE.reset(token)


def reads_only_from_now() -> None:
    """The request will not write again (it answers an error page): its next transaction
    reads without waiting for the write lock, as after a commit."""
    if has_request_context():
        request.environ[_COMMITTED] = True


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


# How long a writer waits for another one before SQLite answers "database is locked"
# (the web then answers a French 503 asking to try again: web.errors).
BUSY_TIMEOUT_MS = 5000


@event.listens_for(Engine, "connect")
def _pragmas(dbapi_connection, _record) -> None:
    """Enforce foreign keys, WAL for concurrent readers, wait instead of failing."""
    if not _is_sqlite(dbapi_connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    files = [row[2] for row in cursor.execute("PRAGMA database_list") if row[2]]
    cursor.close()
    for database in files:
        _owner_only(database)


def _owner_only(database: str) -> None:
    """Database, WAL and shared-memory files 0600: they hold password hashes and sessions.

    SQLite gives the -wal and -shm files the database file's mode when it creates them;
    files made before this rule are tightened too.
    """
    for path in (database, database + "-wal", database + "-shm"):
        try:
            if os.stat(path).st_mode & 0o077:
                os.chmod(path, 0o600)
        except FileNotFoundError:
            continue


def _begins_immediately() -> bool:
    if _IMMEDIATE.get():
        return True
    return (
        has_request_context()
        and request.method not in ("GET", "HEAD", "OPTIONS")
        and request.endpoint not in DEFERRED_ENDPOINTS
        # After its commit a request only reads again to redirect or to send mails:
        # those must not hold the lock (an SMTP server may take seconds to answer).
        and not request.environ.get(_COMMITTED)
    )


@event.listens_for(Engine, "begin")
def _begin(connection) -> None:
    """A request that may write (POST…) takes the write lock as its transaction starts
    (BEGIN IMMEDIATE, waiting up to busy_timeout for another writer). Its reads and its
    writes are then one serialised transaction: a capacity checked is still true when the
    pairing is written (PostgreSQL gets the same from row locks).

    Elsewhere (GET, the CLI, the tests' own sessions) the sqlite3 module's default stays:
    reads outside any transaction, BEGIN just before the first write. A transaction that
    read first and wrote later could not wait for the lock: SQLite answers "database is
    locked" at once (its snapshot may be stale)."""
    dbapi_connection = connection.connection.dbapi_connection
    if not _is_sqlite(dbapi_connection):
        return
    if _begins_immediately():
        dbapi_connection.isolation_level = None  # no implicit BEGIN: ours comes first
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        dbapi_connection.isolation_level = ""  # the module's default (implicit BEGIN)


@event.listens_for(Engine, "commit")
def _remember_commit(connection) -> None:
    if has_request_context() and _is_sqlite(connection.connection.dbapi_connection):
        request.environ[_COMMITTED] = True
