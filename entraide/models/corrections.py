"""The window in which a meeting record (pairing or group meeting) may be corrected."""

from datetime import datetime, timedelta

from ._base import utcnow

# A meeting record may be corrected during this many days after it was recorded.
CORRECTION_DAYS = 30


def correction_deadline(created_at: datetime) -> datetime:
    return created_at + timedelta(days=CORRECTION_DAYS)


def correction_open(created_at: datetime, now: datetime | None = None) -> bool:
    """Whether a record made at ``created_at`` (naive UTC) may still be corrected."""
    return (now or utcnow()) < correction_deadline(created_at)
