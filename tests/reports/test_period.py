from datetime import date

import pytest

from entraide.core.errors import UserError
from entraide.reports.period import Period, parse_period

TODAY = date(2026, 5, 17)


def test_default_is_the_current_calendar_year():
    period = parse_period("", None, TODAY)
    assert period == Period(date(2026, 1, 1), date(2026, 12, 31))
    assert period.label == "année 2026"
    assert period.year == 2026


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-03-01", "2025-06-30", Period(date(2025, 3, 1), date(2025, 6, 30))),
        ("2025-03-01", "", Period(date(2025, 3, 1), date(2025, 12, 31))),
        ("", "2024-06-30", Period(date(2024, 1, 1), date(2024, 6, 30))),
        (" 2024-01-01 ", "2024-01-01", Period(date(2024, 1, 1), date(2024, 1, 1))),
    ],
)
def test_valid_periods(start, end, expected):
    assert parse_period(start, end, TODAY) == expected


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-06-30", "2025-03-01", "La date de fin doit être égale ou postérieure"),
        ("31/12/2025", "", "Date de début invalide"),
        ("", "2025-02-30", "Date de fin invalide"),
        ("2000-01-01", "2025-01-01", "dix ans"),
    ],
)
def test_invalid_periods_have_french_messages(start, end, message):
    with pytest.raises(UserError, match=message):
        parse_period(start, end, TODAY)


def test_bounds_of_a_period():
    period = Period(date(2025, 1, 1), date(2025, 1, 31))
    # Paris days, in naive UTC as the times are stored: midnight in Paris is 23:00 UTC
    # in winter, 22:00 in summer.
    assert period.start_at.isoformat() == "2024-12-31T23:00:00"
    assert period.end_before.isoformat() == "2025-01-31T23:00:00"
    summer = Period(date(2025, 7, 1), date(2025, 7, 31))
    assert summer.start_at.isoformat() == "2025-06-30T22:00:00"
    assert period.label == "du 01/01/2025 au 31/01/2025"
