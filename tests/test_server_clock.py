"""The network's days are Paris days: a server on another clock is told at start-up."""

import time
from datetime import UTC, datetime

import pytest

from entraide.core.config import clock_is_not_paris

WINTER = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already 1 January in Paris
SUMMER = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """Set the process's TZ for one test; the original clock comes back afterwards."""

    def set_zone(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("moment", [WINTER, SUMMER])
def test_a_paris_clock_passes_and_a_utc_one_is_noticed(clock, moment):
    clock("Europe/Paris")
    assert not clock_is_not_paris(moment)
    clock("UTC")
    assert clock_is_not_paris(moment)
