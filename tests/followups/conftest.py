"""Fixtures of the follow-up tests: a real local SMTP server, and pairings to follow.

``smtp_server`` is written to be reused: it starts an aiosmtpd server on 127.0.0.1 (free
port), points the session ``app`` at it for the test only (monkeypatch), and collects the
messages it receives, parsed. Another app can be pointed at it with ``configure``.
"""

import email
import email.policy
import socket
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from aiosmtpd.controller import Controller

from entraide.core.extensions import db
from entraide.followups import services as followup_services
from entraide.pairings import services as pairing_services
from tests.web.helpers import use_cheap_password_hashing


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


# --- A real SMTP server --------------------------------------------------------------


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return self.message["Subject"]

    @property
    def body(self) -> str:
        return self.message.get_content()


class _Collector:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.received: list[ReceivedMail] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@dataclass
class LocalSMTPServer:
    host: str
    port: int
    _collector: _Collector = field(repr=False)

    @property
    def messages(self) -> list[ReceivedMail]:
        return list(self._collector.received)

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self._collector.received if address in m.recipients]

    def clear(self) -> None:
        self._collector.received.clear()

    def configure(self, config, monkeypatch) -> None:
        """Point an app's config at this server for the current test."""
        for key, value in {
            "MAIL_SERVER": self.host,
            "MAIL_PORT": self.port,
            "MAIL_USE_TLS": False,
            "MAIL_USE_SSL": False,
            "MAIL_USERNAME": "",
            "MAIL_TIMEOUT": 5,
        }.items():
            monkeypatch.setitem(config, key, value)


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server on 127.0.0.1 receiving the app's mail during this test."""
    host = "127.0.0.1"
    collector = _Collector()
    controller = Controller(collector, hostname=host, port=_free_port(host))
    controller.start()
    server = LocalSMTPServer(host, controller.port, collector)
    server.configure(app.config, monkeypatch)
    try:
        yield server
    finally:
        controller.stop()


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
