"""Helpers shared by the model modules."""

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint


def utcnow() -> datetime:
    """Naive UTC now: SQLite keeps no time zone, so every ``*_at`` column is naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def check_in(column: str, values, name: str) -> CheckConstraint:
    """A named CHECK constraint restricting ``column`` to ``values``."""
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)
