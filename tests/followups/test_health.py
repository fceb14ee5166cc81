"""The pure health rule: boundaries, rhythm scaling, overdue actions (no app needed)."""

import subprocess
import sys
from datetime import date, timedelta

import pytest

from entraide.followups.health import (
    LATE,
    NUDGE,
    UP_TO_DATE,
    Activity,
    assess,
    thresholds,
)

TODAY = date(2025, 6, 30)


def _ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "status"),
    [
        (0, UP_TO_DATE),
        (30, UP_TO_DATE),
        (44, UP_TO_DATE),
        (45, NUDGE),
        (59, NUDGE),
        (60, LATE),
        (61, LATE),
        (400, LATE),
    ],
)
def test_days_since_the_last_meeting(days, status):
    health = assess(Activity(start_date=_ago(500), last_meeting=_ago(days)), TODAY)
    assert health.status == status
    assert health.days_since == days and health.since == _ago(days) and health.has_met


@pytest.mark.parametrize(
    ("days", "status"), [(44, UP_TO_DATE), (45, NUDGE), (59, NUDGE), (60, LATE)]
)
def test_the_start_date_counts_while_no_meeting_is_logged(days, status):
    health = assess(Activity(start_date=_ago(days)), TODAY)
    assert health.status == status
    assert health.since == _ago(days) and not health.has_met


@pytest.mark.parametrize(
    ("rhythm", "expected"),
    [
        (30, (45, 60)),
        (14, (21, 28)),
        (7, (11, 14)),
        (45, (68, 90)),
        (90, (135, 180)),
        (180, (270, 360)),
    ],
)
def test_thresholds_scale_with_the_rhythm(rhythm, expected):
    assert thresholds(rhythm) == expected


@pytest.mark.parametrize(
    ("days", "status"), [(20, UP_TO_DATE), (21, NUDGE), (27, NUDGE), (28, LATE)]
)
def test_a_fortnightly_pairing_is_nudged_and_late_sooner(days, status):
    activity = Activity(start_date=_ago(300), last_meeting=_ago(days), rhythm_days=14)
    assert assess(activity, TODAY).status == status


@pytest.mark.parametrize(
    ("days", "status"),
    [(60, UP_TO_DATE), (134, UP_TO_DATE), (135, NUDGE), (179, NUDGE), (180, LATE)],
)
def test_a_quarterly_pairing_is_nudged_and_late_later(days, status):
    activity = Activity(start_date=_ago(300), last_meeting=_ago(days), rhythm_days=90)
    assert assess(activity, TODAY).status == status


def test_an_overdue_action_makes_it_at_least_to_nudge():
    recent = Activity(
        start_date=_ago(100),
        last_meeting=_ago(3),
        open_action_due_dates=(_ago(1), _ago(0), TODAY + timedelta(days=5)),
    )
    health = assess(recent, TODAY)
    assert health.status == NUDGE and health.overdue_actions == 1  # due today is not late


def test_an_overdue_action_does_not_lower_a_late_pairing():
    late = Activity(start_date=_ago(100), last_meeting=_ago(70), open_action_due_dates=(_ago(5),))
    health = assess(late, TODAY)
    assert health.status == LATE and health.overdue_actions == 1


def test_actions_due_later_do_not_count():
    activity = Activity(start_date=_ago(10), open_action_due_dates=(TODAY + timedelta(days=1),))
    health = assess(activity, TODAY)
    assert health.status == UP_TO_DATE and health.overdue_actions == 0


def test_sort_key_puts_late_then_to_nudge_then_longest_silence_first():
    healths = [assess(Activity(start_date=_ago(d)), TODAY) for d in (10, 70, 50, 65, 46)]
    ordered = sorted(healths, key=lambda h: h.sort_key)
    assert [h.days_since for h in ordered] == [70, 65, 50, 46, 10]
    assert [h.label for h in ordered] == [
        "En retard",
        "En retard",
        "À relancer",
        "À relancer",
        "À jour",
    ]


def test_a_date_in_the_future_never_gives_negative_days():
    assert assess(Activity(start_date=TODAY + timedelta(days=3)), TODAY).days_since == 0


def test_a_non_positive_rhythm_is_a_programming_error():
    with pytest.raises(ValueError):
        thresholds(0)


def test_health_is_pure():
    code = (
        "import sys, entraide.followups.health; "
        "assert not {'flask', 'sqlalchemy'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
