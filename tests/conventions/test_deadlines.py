"""A convention's state and deadlines seen from a given day (pure)."""

from datetime import date
from types import SimpleNamespace

import pytest

from entraide.conventions.deadlines import (
    Deadline,
    crossed_thresholds,
    deadlines_of,
    reminder_key,
    state_of,
)


def _convention(**changes):
    values = {
        "id": 7,
        "reference": "2024-03658",
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
        "report_due": date(2025, 6, 1),
        "extension_before": date(2024, 6, 30),
        "report_sent": False,
    }
    return SimpleNamespace(**{**values, **changes})


@pytest.mark.parametrize(
    ("today", "changes", "state"),
    [
        (date(2023, 12, 31), {}, "upcoming"),
        (date(2024, 1, 1), {}, "running"),
        (date(2024, 12, 31), {}, "running"),
        (date(2025, 1, 1), {}, "report_due"),
        (date(2025, 6, 1), {}, "report_due"),
        (date(2025, 6, 2), {}, "report_late"),
        (date(2026, 1, 1), {"report_due": None}, "report_due"),  # no date: never late
        (date(2025, 6, 2), {"report_sent": True}, "report_sent"),
    ],
)
def test_state_on_a_day(today, changes, state):
    assert state_of(_convention(**changes), today) == state


def test_the_countdown_reads_as_the_dashboard_says_it():
    convention = _convention()
    (report,) = (d for d in deadlines_of(convention, date(2025, 4, 20)) if d.kind == "report")
    assert report.text == "Bilan à remettre dans 42 jours (le 01/06/2025)"
    assert deadlines_of(convention, date(2025, 5, 31))[-1].text == (
        "Bilan à remettre demain (le 01/06/2025)"
    )
    assert deadlines_of(convention, date(2025, 6, 1))[-1].text == (
        "Bilan à remettre aujourd'hui (le 01/06/2025)"
    )
    assert deadlines_of(convention, date(2025, 6, 6))[-1].text == (
        "Bilan en retard de 5 jours (attendu le 01/06/2025)"
    )
    extension = deadlines_of(convention, date(2024, 6, 18))[0]
    assert extension.text == "Demande de prolongation avant le 30/06/2024 (dans 12 jours)"
    assert deadlines_of(convention, date(2024, 7, 1))[0].text == (
        "Délai de demande de prolongation passé (le 30/06/2024)"
    )


def test_no_deadline_once_the_report_is_handed_in_or_without_dates():
    assert deadlines_of(_convention(report_sent=True), date(2025, 5, 1)) == []
    assert deadlines_of(_convention(report_due=None, extension_before=None), date(2025, 1, 1)) == []


@pytest.mark.parametrize(
    ("days_left", "thresholds"),
    [
        (61, []),
        (60, [60]),
        (31, [60]),
        (30, [60, 30]),
        (8, [60, 30]),
        (7, [60, 30, 7]),
        (0, [60, 30, 7]),
        (-1, []),
    ],
)
def test_thresholds_reached(days_left, thresholds):
    deadline = Deadline(1, "X", "report", date(2025, 6, 1), days_left)
    assert crossed_thresholds(deadline) == thresholds


def test_a_corrected_date_makes_new_keys():
    before = Deadline(3, "X", "report", date(2025, 6, 1), 30)
    after = Deadline(3, "X", "report", date(2025, 7, 1), 60)
    assert reminder_key(before, 30) == "report:3:2025-06-01:30"
    assert reminder_key(after, 30) != reminder_key(before, 30)
