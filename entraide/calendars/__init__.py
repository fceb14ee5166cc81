"""Calendars: meetings as iCalendar events, invitations with their .ics, personal feeds."""
