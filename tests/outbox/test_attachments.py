"""A mail with an attachment (a meeting's .ics): kept with the mail until it is sent,
delivered over real SMTP as a multipart message with its calendar part, mentioned in the
log when no SMTP server is configured."""

import logging
from datetime import date, time, timedelta

from icalendar import Calendar

from entraide.core.extensions import db
from entraide.core.mail import Attachment
from entraide.followups import planning
from entraide.models import OutboxMail
from entraide.outbox import services
from tests.followups.conftest import duo, start_pairing  # noqa: F401
from tests.mails import send_outbox

SOON = date.today() + timedelta(days=10)


def test_an_invitation_reaches_smtp_with_its_calendar(app, app_ctx, duo, smtp_server):  # noqa: F811
    pairing = start_pairing(duo, started_days_ago=5)
    planning.plan_followup(
        pairing,
        duo["mentee_user"],
        held_on=SOON,
        start_time=time(14, 30),
        format="visit",
        place="Lens",
    )
    db.session.commit()
    db.session.remove()

    assert send_outbox(app).sent == 2
    [received] = smtp_server.to("marraine@vieux-chene.fr")
    message = received.message
    assert message.get_content_type() == "multipart/mixed"
    assert "Une rencontre est prévue" in received.body
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    # The calendar as an alternative of the text (mail clients' « Ajouter à l'agenda »),
    # and as the attached file rencontre.ics.
    assert [part.get_content_disposition() for part in parts] == [None, "attachment"]
    assert parts[1].get_filename() == "rencontre.ics"
    for part in parts:
        assert part.get_param("method") == "REQUEST"
        calendar = Calendar.from_ical(part.get_content())
        [event] = calendar.events
        assert calendar["METHOD"] == "REQUEST"
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert (event.start.hour, event.start.minute) == (14, 30)
    assert "\r\n" in parts[1].get_content()  # iCalendar's own line ends, kept
    # Once sent, the mail keeps the name of its attachment, not its text.
    with app.app_context():
        for mail in db.session.scalars(db.select(OutboxMail)):
            assert (mail.status, mail.body, mail.attachment) == ("sent", None, None)
            assert mail.attachment_name == "rencontre.ics"


def test_without_smtp_the_log_names_the_attachment(app, app_ctx, caplog):
    services.queue(
        "anne@exemple.fr",
        "meeting_planned",
        "Rencontre prévue",
        "Bonjour",
        Attachment("rencontre.ics", "text/calendar; method=REQUEST", "BEGIN:VCALENDAR\r\n"),
    )
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="entraide.core.mail"):
        assert send_outbox(app).sent == 1
    assert "Pièce jointe : rencontre.ics (text/calendar; method=REQUEST, 17 octets)" in caplog.text
    assert "BEGIN:VCALENDAR" not in caplog.text
