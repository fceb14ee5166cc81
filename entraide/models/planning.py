"""What the two kinds of meetings (a pairing's, a group's) share once they can be planned.

A meeting is ``planned`` (a date, a start time, a place, who is expected), then ``held``
(its record: summary, hours…) or ``cancelled`` (kept, shown « annulée »). Meetings
recorded before planning existed are ``held``. Only held meetings are activity: reports,
health, reminders and figures count them and nothing else.

Times: ``held_on`` is the meeting's day and ``start_time`` its wall-clock time, both in
Europe/Paris (where every meeting of the network takes place): a future meeting stays at
"14:30" whatever the time-zone rules become, and calendars receive it with its TZID.
``sequence`` is the iCalendar SEQUENCE: bumped at each change a calendar must follow
(new time or place, cancellation).
"""

from datetime import datetime, time

from sqlalchemy import CheckConstraint, DateTime, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from ._base import check_in

MEETING_STATUSES = {"planned": "Prévue", "held": "Tenue", "cancelled": "Annulée"}
# The planned duration when none is given (a calendar event needs an end).
DEFAULT_DURATION_MINUTES = 120


def planning_constraints() -> tuple:
    """The named CHECK constraints of a planned meeting's columns (both tables)."""
    return (
        check_in("status", MEETING_STATUSES, "status"),
        # A planned (or cancelled) meeting has its start time; old records need none.
        CheckConstraint("status = 'held' OR start_time IS NOT NULL", name="planned_has_time"),
        CheckConstraint(
            "(status = 'cancelled' AND cancelled_at IS NOT NULL) "
            "OR (status <> 'cancelled' AND cancelled_at IS NULL)",
            name="cancelled_at_when_cancelled",
        ),
        CheckConstraint("sequence >= 0", name="sequence_positive"),
    )


class PlannedMeeting:
    """Columns and helpers of a meeting that can be planned (a mixin of both models)."""

    status: Mapped[str] = mapped_column(
        String(10), default="held", server_default="held", index=True
    )
    start_time: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def status_label(self) -> str:
        return MEETING_STATUSES[self.status]

    @property
    def is_planned(self) -> bool:
        return self.status == "planned"

    @property
    def is_held(self) -> bool:
        return self.status == "held"

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def starts_at(self) -> datetime | None:
        """Day and wall-clock time in Europe/Paris (naive), when the time is known."""
        if self.start_time is None:
            return None
        return datetime.combine(self.held_on, self.start_time)
