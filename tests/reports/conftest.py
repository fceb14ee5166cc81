"""A small network with known figures, all dated today (the default period: this year).

Expected figures (period = the current calendar year):
organisations 3 (young 1, experienced 2); needs declared 2, met 1, open 1 (gouvernance);
offers gouvernance 1, communication 1; 1 active pairing, 2 meetings (2 h + 1,5 h), delay 0;
1 network meeting (4 h, 2 participants); 1 help request answered once; hours 7,5.
"""

from datetime import date, datetime
from decimal import Decimal

import pytest

from entraide.core.extensions import db
from entraide.models import GroupMeeting, HelpAnswer, HelpRequest
from tests.followups.conftest import duo, log_meeting, start_pairing  # noqa: F401
from tests.web.helpers import use_cheap_password_hashing

SECRET_SUMMARY = "RESUME-PRIVE-7431 la trésorerie est tendue"
PERSON_NAME = "Dominique Confidentiel"


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    """These tests log in several times a minute: start each with fresh login limits."""
    limiter = app.extensions.get("entraide_limiter")
    if limiter is not None:
        limiter.reset()


@pytest.fixture
def network(make, duo):  # noqa: F811
    """The known dataset; returns the actors and objects the tests need."""
    mentee, mentor = duo["mentee"], duo["mentor"]
    fragile = make.organisation(
        "Coop Fragile",
        year_created=2015,
        sector="culture",
        in_difficulty=True,
        contact_email="alerte@coop-fragile.fr",
    )
    make.offer(mentor, "gouvernance", "Nous animons des AG")
    make.offer(fragile, "communication", "Réseaux sociaux")
    duo["other_need"].status = "met"
    duo["other_need"].closed_at = datetime.utcnow()
    db.session.commit()
    pairing = start_pairing(duo)
    log_meeting(pairing, duo["mentor_user"], 0, summary=SECRET_SUMMARY)
    log_meeting(pairing, duo["mentee_user"], 0, volunteer_hours=Decimal("1.5"))
    meeting = GroupMeeting(
        held_on=date.today(),
        kind="rencontre",
        title="Rencontre du réseau",
        host_id=mentor.id,
        volunteer_hours=Decimal(4),
    )
    meeting.participants = [mentee, mentor]
    db.session.add(meeting)
    request = HelpRequest(
        organisation_id=mentee.id, theme_code="juridique", title="Statuts", text="Aide ?"
    )
    db.session.add(request)
    db.session.flush()
    db.session.add(HelpAnswer(request_id=request.id, organisation_id=mentor.id, message="Oui"))
    db.session.commit()
    make.member(fragile, email="dirigeante@coop-fragile.fr", name=PERSON_NAME)
    return {
        **duo,
        "fragile": fragile,
        "pairing": pairing,
        "viewer": make.viewer(email="financeur@departement62.fr"),
    }
