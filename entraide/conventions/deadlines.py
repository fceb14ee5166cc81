"""A convention's state and deadlines on a given day (pure: dates in, French text out).

Two deadlines per convention: the final report's due date (article 6 of the 2024
agreement) and the date before which an extension must be asked (article 3). While the
report is not handed in, the dashboard counts down to both and the coordination is mailed
60, 30 and 7 days before each (``reminders``).
"""

from dataclasses import dataclass
from datetime import date

from ..text import format_date, plural

REMINDER_DAYS = (60, 30, 7)
KINDS = {
    "report": "Bilan final à remettre",
    "extension": "Demande de prolongation",
}
STATES = {
    "upcoming": "À venir",
    "running": "En cours",
    "report_due": "Bilan à remettre",
    "report_late": "Bilan en retard",
    "report_sent": "Bilan remis",
}


def state_of(convention, today: date) -> str:
    """The state code of a convention (``STATES``) on ``today``."""
    if convention.report_sent:
        return "report_sent"
    if today < convention.period_start:
        return "upcoming"
    if today <= convention.period_end:
        return "running"
    if convention.report_due is not None and today > convention.report_due:
        return "report_late"
    return "report_due"


def _in_days(days: int) -> str:
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    return f"dans {plural(days, 'jour')}"


@dataclass(frozen=True)
class Deadline:
    """One deadline of one convention, seen from ``today``."""

    convention_id: int
    reference: str
    kind: str  # "report" or "extension"
    day: date
    days_left: int  # negative once passed

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    @property
    def urgent(self) -> bool:
        return 0 <= self.days_left <= REMINDER_DAYS[-1]

    @property
    def text(self) -> str:
        """« Bilan à remettre dans 42 jours (le 01/06/2025) », « Demande de prolongation
        avant le 30/06/2024 (dans 12 jours) »."""
        day = format_date(self.day)
        if self.kind == "report":
            if self.passed:
                return f"Bilan en retard de {plural(-self.days_left, 'jour')} (attendu le {day})"
            return f"Bilan à remettre {_in_days(self.days_left)} (le {day})"
        if self.passed:
            return f"Délai de demande de prolongation passé (le {day})"
        return f"Demande de prolongation avant le {day} ({_in_days(self.days_left)})"


def deadlines_of(convention, today: date) -> list[Deadline]:
    """The deadlines of a convention whose report is not handed in yet, soonest first."""
    if convention.report_sent:
        return []
    found = []
    for kind, day in (
        ("report", convention.report_due),
        ("extension", convention.extension_before),
    ):
        if day is not None:
            found.append(
                Deadline(convention.id, convention.reference, kind, day, (day - today).days)
            )
    return sorted(found, key=lambda deadline: deadline.day)


def crossed_thresholds(deadline: Deadline) -> list[int]:
    """The reminder thresholds (60, 30, 7 days) reached on that day, the deadline not passed."""
    if deadline.passed:
        return []
    return [days for days in REMINDER_DAYS if deadline.days_left <= days]


def reminder_key(deadline: Deadline, days: int) -> str:
    """``report:12:2025-06-01:60``: a corrected date makes new keys (and new reminders)."""
    return f"{deadline.kind}:{deadline.convention_id}:{deadline.day.isoformat()}:{days}"
