"""Fixtures of the follow-up tests: a real local SMTP server (tests/smtp.py), and pairings
to follow."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from entraide.core.extensions import db
from entraide.followups import services as followup_services
from entraide.pairings import services as pairing_services
from tests.smtp import smtp_server  # noqa: F401 - the fixture, for these tests
from tests.web.helpers import use_cheap_password_hashing


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


# --- Pairings to follow ----------------------------------------------------------------


@pytest.fixture
def duo(make):
    """A young SCIC with an open need, its sponsor, one member each, and the coordinator."""
    mentee = make.organisation(
        "Jeune Pousse",
        year_created=2023,
        commune_insee="62498",
        contact_email="contact@jeune-pousse.fr",
    )
    need = make.need(mentee, "gouvernance", "Organiser notre assemblée générale")
    other_need = make.need(mentee, "financement", "Ouvrir notre capital")
    mentor = make.organisation(
        "Vieux Chêne", year_created=2004, commune_insee="62510", mentor_capacity=2
    )
    return {
        "mentee": mentee,
        "mentor": mentor,
        "need": need,
        "other_need": other_need,
        "mentee_user": make.member(mentee, email="filleule@jeune-pousse.fr"),
        "mentor_user": make.member(mentor, email="marraine@vieux-chene.fr"),
        "coordinator": make.coordinator(email="coordination@reseau-scic62.fr"),
    }


def start_pairing(duo, started_days_ago: int = 0, rhythm_days: int = 30, mentee=None, mentor=None):
    """Propose a pairing, have both SCICs accept it, and date its start in the past."""
    coordinator = duo["coordinator"]
    mentee = mentee or duo["mentee"]
    mentor = mentor or duo["mentor"]
    needs = mentee.open_needs() if mentee is duo["mentee"] else []
    pairing = pairing_services.propose(
        coordinator,
        mentee,
        mentor,
        needs=needs,
        objectives="Une AG réussie",
        rhythm_days=rhythm_days,
    )
    pairing_services.answer(pairing, None, "mentee", True, None)
    pairing_services.answer(pairing, None, "mentor", True, None)
    pairing.start_date = date.today() - timedelta(days=started_days_ago)
    db.session.commit()
    return pairing


def log_meeting(pairing, actor, days_ago: int, actions=(), **extra):
    """Log a meeting through the service (committed)."""
    arguments = {
        "held_on": date.today() - timedelta(days=days_ago),
        "format": "visit",
        "volunteer_hours": Decimal(2),
        "summary": "Point d'étape",
        "actions": list(actions),
    }
    arguments.update(extra)
    followup = followup_services.log_followup(pairing, actor, **arguments)
    db.session.commit()
    return followup


@pytest.fixture
def pairing(duo):
    """An active pairing started 90 days ago, no meeting logged yet."""
    return start_pairing(duo, started_days_ago=90)
