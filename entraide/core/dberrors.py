"""Telling which constraint a database refused, on SQLite and PostgreSQL alike.

Forms check what they can, but only the database sees a concurrent insert: the routes
then turn the constraint that failed into the right French message, and the web answers
any other conflict with one page (``web.errors``).
"""

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

# PostgreSQL's codes for a transaction it gave up because of another one: a serialization
# failure (40001) and a deadlock (40P01). Both mean "try again", nothing was written.
_CONCURRENCY_SQLSTATES = frozenset({"40001", "40P01"})


def violates_unique(error: IntegrityError, table: str, column: str) -> bool:
    """Whether ``error`` is the unique constraint on ``table.column`` (named by our
    naming convention ``uq_<table>_<column>``)."""
    diag = getattr(error.orig, "diag", None)  # psycopg
    if diag is not None:
        return diag.constraint_name == f"uq_{table}_{column}"
    return f"UNIQUE constraint failed: {table}.{column}" in str(error.orig)  # sqlite3


def is_concurrent_change(error: BaseException) -> bool:
    """Whether ``error`` says another transaction got there first: a constraint refused
    the write (unique, foreign key…), a versioned row changed meanwhile (a pairing), or
    PostgreSQL gave up a transaction (deadlock, serialization failure)."""
    if isinstance(error, IntegrityError | StaleDataError):
        return True
    return (
        isinstance(error, OperationalError)
        and getattr(error.orig, "sqlstate", None) in _CONCURRENCY_SQLSTATES
    )


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` is SQLite giving up after waiting ``busy_timeout`` for another
    writer: nothing was written, the same request a moment later will go through."""
    orig = getattr(error, "orig", None)
    return isinstance(error, OperationalError) and (
        getattr(orig, "sqlite_errorname", None) in ("SQLITE_BUSY", "SQLITE_LOCKED")
        or str(orig) in ("database is locked", "database table is locked")
    )
