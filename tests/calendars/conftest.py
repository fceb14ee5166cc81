"""Fixtures of the planning and calendar tests: the follow-up tests' pairings, a group,
and the real local SMTP server."""

from datetime import date, time, timedelta

import pytest
from icalendar import Calendar

from entraide.core.extensions import db
from entraide.groups import planning as group_planning
from entraide.groups import services as group_services
from tests.followups.conftest import _cheap_password_hashing, duo, start_pairing  # noqa: F401
from tests.smtp import smtp_server  # noqa: F401 - the fixture, for these tests

SOON = date.today() + timedelta(days=10)
AT = time(14, 30)


@pytest.fixture
def pairing(duo):  # noqa: F811 - the imported fixture
    return start_pairing(duo, started_days_ago=20)


@pytest.fixture
def trio(make):
    """A group of three organisations, one member each; Alpha's member is its contact."""
    orgs = {
        name: make.organisation(name, commune_insee=insee, year_created=2010)
        for name, insee in (("Alpha", "62498"), ("Bravo", "62510"), ("Charlie", "62041"))
    }
    people = {
        name: make.member(org, email=f"{name.lower()}@exemple.fr", entraide_contact=True)
        for name, org in orgs.items()
    }
    coordinator = make.coordinator(email="coordination@exemple.fr")
    group = group_services.create_group(coordinator, "Groupe de Lens", list(orgs.values()))
    group_services.set_contact(group, coordinator, people["Alpha"])
    db.session.commit()
    return {"group": group, "orgs": orgs, "people": people, "coordinator": coordinator}


def plan_group_meeting(trio, day=SOON, expected=None, **details):
    """The coordination plans the group's spring meeting, hosted by Bravo, every
    organisation expected unless ``expected`` says otherwise; committed."""
    orgs = trio["orgs"]
    meeting = group_planning.plan_meeting(
        trio["group"],
        trio["coordinator"],
        held_on=day,
        start_time=AT,
        kind="rencontre",
        title="Rencontre de printemps",
        host=orgs["Bravo"],
        expected=list(orgs.values()) if expected is None else expected,
        **details,
    )
    db.session.commit()
    return meeting


def parse(ics: bytes | str) -> Calendar:
    return Calendar.from_ical(ics)


def attachments(outbox) -> list[str]:
    """The .ics of every queued mail (committed), in order."""
    from entraide.models import OutboxMail

    return [
        mail.attachment
        for mail in db.session.scalars(db.select(OutboxMail).order_by(OutboxMail.id))
    ]
