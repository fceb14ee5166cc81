"""Invitation and cancellation mails of a planned meeting, each carrying its .ics.

One mail per address, queued in the outbox with the change that causes it. Each .ics
names only its own reader as ATTENDEE: listing every member of both organisations would
hand everyone's address to the partners, when only contact people are shown to them.
"""

from collections.abc import Callable, Iterable
from email.utils import parseaddr

from flask import current_app

from ..core.mail import Attachment, render_mail
from ..outbox.services import kind_of, queue
from .ics import CalendarEvent, Person, calendar_bytes

FILENAME = "rencontre.ics"


def organizer() -> Person:
    """The application's sender: whom a calendar shows as the organiser."""
    name, address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    return Person(address or "entraide@localhost", name)


def queue_with_calendar(
    recipients: Iterable[str],
    template: str,
    event_of: Callable[[tuple[Person, ...]], CalendarEvent],
    method: str,
    **context,
) -> int:
    """Render ``template`` once, then queue it to each address with its own .ics
    (``method``: REQUEST for an invitation or a change, CANCEL for a cancellation).
    Return the number of mails queued."""
    subject, body = render_mail(template, **context)
    sender = organizer()
    count = 0
    for address in dict.fromkeys(recipients):
        ics = calendar_bytes([event_of((Person(address),))], method=method, organizer=sender)
        attachment = Attachment(FILENAME, f"text/calendar; method={method}", ics.decode())
        queue([address], kind_of(template), subject, body, attachment)
        count += 1
    return count
