"""The iCalendar files, read back with the icalendar library as a calendar application
would: the time zone, the local start time, a UID that never changes, the SEQUENCE."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from entraide.calendars.events import followup_event
from entraide.calendars.ics import CalendarEvent, Person, calendar_bytes
from entraide.core.extensions import db
from entraide.followups import planning
from tests.calendars.conftest import AT, SOON

PARIS = ZoneInfo("Europe/Paris")


def _read(ics: bytes):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.events
    return calendar, event


def test_a_meeting_is_at_its_paris_wall_clock_time_with_its_time_zone():
    # A summer day (UTC+2) and a winter day (UTC+1): 14:30 in Paris both times.
    for day, utc_hour in ((date(2027, 7, 1), 12), (date(2027, 1, 14), 13)):
        event = CalendarEvent("rencontre-1@entraide.test", datetime.combine(day, AT), "R")
        calendar, read = _read(calendar_bytes([event]))
        start = read.start
        assert str(start.tzinfo) == "Europe/Paris"
        assert read["DTSTART"].params["TZID"] == "Europe/Paris"
        assert (start.hour, start.minute) == (14, 30)
        assert start.astimezone(ZoneInfo("UTC")).hour == utc_hour
        # The VTIMEZONE is in the file, for applications that do not know the name.
        assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
        assert read.end - read.start == timedelta(hours=2)  # the default duration


def test_a_deadline_is_a_whole_day_that_does_not_make_one_busy():
    event = CalendarEvent("action-3@entraide.test", date(2027, 3, 20), "Échéance : statuts")
    calendar, read = _read(calendar_bytes([event]))
    assert read.start == date(2027, 3, 20) and read.end == date(2027, 3, 21)
    assert read["TRANSP"] == "TRANSPARENT"
    assert calendar.timezones == []  # no time, no time zone needed


def test_invitation_and_cancellation_methods_and_attendee():
    event = CalendarEvent(
        "u@x", datetime(2027, 3, 12, 9), "R", sequence=2, attendees=(Person("a@b.fr"),)
    )
    calendar, read = _read(
        calendar_bytes([event], method="REQUEST", organizer=Person("e@x.fr", "Entraide"))
    )
    assert calendar["METHOD"] == "REQUEST"
    assert str(read["ORGANIZER"]) == "mailto:e@x.fr"
    assert str(read["ATTENDEE"]) == "mailto:a@b.fr"
    assert read["ATTENDEE"].params["RSVP"] == "FALSE"
    assert read["SEQUENCE"] == 2 and read["STATUS"] == "CONFIRMED"
    cancelled = CalendarEvent("u@x", datetime(2027, 3, 12, 9), "R", sequence=3, cancelled=True)
    calendar, read = _read(calendar_bytes([cancelled], method="CANCEL"))
    assert calendar["METHOD"] == "CANCEL" and read["STATUS"] == "CANCELLED"
    with pytest.raises(ValueError):
        calendar_bytes([event], method="REPLY")


def test_a_planned_meeting_keeps_its_uid_and_bumps_its_sequence(app_ctx, duo, pairing):
    followup = planning.plan_followup(
        pairing,
        duo["mentee_user"],
        held_on=SOON,
        start_time=AT,
        format="visit",
        place="12 rue de la Gare, Lens",
        expected="Anne et Paul",
    )
    db.session.commit()
    first = _read(calendar_bytes([followup_event(followup)]))[1]
    assert first["UID"] == f"rencontre-parrainage-{followup.id}@entraide.test"
    assert first["SEQUENCE"] == 0
    assert first["LOCATION"] == "12 rue de la Gare, Lens"
    assert first.start == datetime.combine(SOON, AT, tzinfo=PARIS)
    assert "Anne et Paul" in first["DESCRIPTION"]
    assert first["URL"].startswith("http://entraide.test/parrainages/")

    planning.reschedule_followup(
        followup,
        duo["mentor_user"],
        held_on=SOON,
        start_time=time(16, 0),
        format="visit",
        place="12 rue de la Gare, Lens",
        expected="Anne et Paul",
    )
    db.session.commit()
    moved = _read(calendar_bytes([followup_event(followup)]))[1]
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] == 1
    assert (moved.start.hour, moved.start.minute) == (16, 0)

    planning.cancel_followup(followup, duo["coordinator"], "Empêchement")
    db.session.commit()
    gone = _read(calendar_bytes([followup_event(followup)], method="CANCEL"))[1]
    assert (gone["UID"], gone["SEQUENCE"], gone["STATUS"]) == (first["UID"], 2, "CANCELLED")
