"""Telling which constraint a database refused, on SQLite and PostgreSQL alike.

Forms check what they can, but only the database sees a concurrent insert: the routes
then turn the constraint that failed into the right French message.
"""

from sqlalchemy.exc import IntegrityError


def violates_unique(error: IntegrityError, table: str, column: str) -> bool:
    """Whether ``error`` is the unique constraint on ``table.column`` (named by our
    naming convention ``uq_<table>_<column>``)."""
    diag = getattr(error.orig, "diag", None)  # psycopg
    if diag is not None:
        return diag.constraint_name == f"uq_{table}_{column}"
    return f"UNIQUE constraint failed: {table}.{column}" in str(error.orig)  # sqlite3
