"""Health of a pairing's follow-up: "à jour", "à relancer" or "en retard".

PURE: plain values in, a :class:`Health` out; no Flask and no database, so that the rule
can be read, tested and reused (dashboard, pairing page, reminders) in one place.

The rule (docs/domain.md): at the usual rhythm of one exchange a month (30 days), a
pairing without a meeting for 45 days needs a nudge, and for 60 days it is late. A pairing
with another planned rhythm scales both thresholds in the same proportion, 45/30 and 60/30
of its rhythm (1.5 and 2 times), rounded up to whole days:

=============  ===========  =========
rhythm_days    à relancer   en retard
=============  ===========  =========
14             21           28
30             45           60
45             68           90
90             135          180
=============  ===========  =========

Days are counted from the last meeting, or from the start date while none is logged.
Any overdue action (a due date passed, not done) makes the pairing at least "à relancer".
"""

from dataclasses import dataclass
from datetime import date

UP_TO_DATE = "up_to_date"
NUDGE = "nudge"
LATE = "late"

LABELS = {UP_TO_DATE: "À jour", NUDGE: "À relancer", LATE: "En retard"}
# Most urgent first: the dashboard and the reminders sort on it.
SEVERITY = {LATE: 0, NUDGE: 1, UP_TO_DATE: 2}

REFERENCE_RHYTHM_DAYS = 30
NUDGE_DAYS = 45
LATE_DAYS = 60


def _ceil_ratio(rhythm_days: int, days: int) -> int:
    return -(-rhythm_days * days // REFERENCE_RHYTHM_DAYS)


def thresholds(rhythm_days: int = REFERENCE_RHYTHM_DAYS) -> tuple[int, int]:
    """Days without a meeting after which a pairing is "à relancer", then "en retard"."""
    if rhythm_days < 1:
        raise ValueError(f"rhythm_days must be positive, got {rhythm_days}")
    return _ceil_ratio(rhythm_days, NUDGE_DAYS), _ceil_ratio(rhythm_days, LATE_DAYS)


@dataclass(frozen=True)
class Activity:
    """What the rule needs to know about a pairing."""

    start_date: date
    last_meeting: date | None = None
    rhythm_days: int = REFERENCE_RHYTHM_DAYS
    # Due dates of the actions not done yet (actions without a due date never lapse).
    open_action_due_dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class Health:
    status: str
    since: date  # the last meeting, or the start date while there is none
    days_since: int
    has_met: bool
    overdue_actions: int
    nudge_after: int
    late_after: int

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def severity(self) -> int:
        return SEVERITY[self.status]

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Late first, then to nudge, then up to date; the longest silence first."""
        return (self.severity, -self.days_since, -self.overdue_actions)


def assess(activity: Activity, today: date) -> Health:
    """The health of a pairing on ``today``."""
    nudge_after, late_after = thresholds(activity.rhythm_days)
    since = activity.last_meeting or activity.start_date
    days_since = max((today - since).days, 0)
    overdue = sum(1 for due in activity.open_action_due_dates if due < today)
    if days_since >= late_after:
        status = LATE
    elif days_since >= nudge_after or overdue:
        status = NUDGE
    else:
        status = UP_TO_DATE
    return Health(
        status=status,
        since=since,
        days_since=days_since,
        has_met=activity.last_meeting is not None,
        overdue_actions=overdue,
        nudge_after=nudge_after,
        late_after=late_after,
    )
