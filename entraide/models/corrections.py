"""Corrections of a meeting record (pairing or group meeting): the window in which it may
be corrected, and what both models share for it.

Only a held meeting is a record: a planned one is changed with planning's « Modifier »,
a cancelled one is kept as it was. The 30 days run from when the record was written:
the meeting's creation for one recorded once held, the « Noter le compte rendu » for one
planned first (``recorded_at``; its ``created_at`` is the planning's). Its author is
whoever wrote that record (``recorded_by_id``, else ``created_by_id``).
"""

from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, DateTime
from sqlalchemy.orm import Mapped, mapped_column

from ..text import format_date
from ._base import utcnow

# A meeting record may be corrected during this many days after it was recorded.
CORRECTION_DAYS = 30


def correction_deadline(recorded_at: datetime) -> datetime:
    return recorded_at + timedelta(days=CORRECTION_DAYS)


def correction_open(recorded_at: datetime, now: datetime | None = None) -> bool:
    """Whether a record written at ``recorded_at`` (naive UTC) may still be corrected."""
    return (now or utcnow()) < correction_deadline(recorded_at)


def correction_constraints() -> tuple:
    """The named CHECK constraint of the record's columns (both tables)."""
    return (CheckConstraint("recorded_at IS NULL OR status = 'held'", name="recorded_when_held"),)


class CorrectableRecord:
    """Columns and helpers of a meeting whose record can be corrected (a mixin of both
    models; each declares ``recorded_by_id``, ``corrected_by_id`` and their relationships,
    and its ``version_id_col`` ``version``: optimistic locking, bumped at every change of
    the row, so that a correction, a change or a record sent from a stale form fails
    instead of overwriting the one saved meanwhile)."""

    # When a planned meeting was recorded as held (None for one recorded straight away:
    # its creation is its record; None while planned or cancelled).
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The last correction (the journal keeps every one, with what it changed).
    corrected_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def record_written_at(self) -> datetime:
        """When the record was written (naive UTC): the correction window starts there."""
        return self.recorded_at or self.created_at

    @property
    def record_author_id(self) -> int | None:
        return self.recorded_by_id or self.created_by_id

    @property
    def record_author(self):
        return self.recorded_by if self.recorded_by_id else self.created_by

    def record_refusal(self, now: datetime | None = None) -> str | None:
        """Why the record cannot be corrected now whoever asks (None: it can)."""
        if self.status == "planned":
            return PLANNED
        if self.status == "cancelled":
            return CANCELLED
        if not correction_open(self.record_written_at, now):
            return too_late_message(self.record_written_at)
        return None


PLANNED = (
    "Cette rencontre est prévue, pas encore tenue : changez-la avec « Modifier », ou notez "
    "son compte rendu une fois qu'elle a eu lieu."
)
CANCELLED = "Cette rencontre a été annulée : elle ne se corrige pas."


def too_late_message(recorded_at: datetime) -> str:
    noted = format_date(recorded_at)  # its day in Paris
    return (
        f"Cette rencontre a été notée le {noted} : une rencontre se corrige dans les "
        f"{CORRECTION_DAYS} jours qui suivent, ce délai est passé. Rien n'a été modifié."
    )
