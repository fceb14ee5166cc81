"""Fixtures of the help request tests: a small network and a real local SMTP server."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from tests.web.helpers import use_cheap_password_hashing

LENS, LIEVIN, ARRAS, CALAIS = "62498", "62510", "62041", "62193"


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


class _Collector:
    """aiosmtpd handler keeping every message it accepts, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(app, monkeypatch):
    """A local SMTP server the app sends to during the test; yields the received messages."""
    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    try:
        yield collector.messages
    finally:
        controller.stop()


@pytest.fixture
def network(make):
    """A young SCIC of Lens in trouble and four SCICs; three offer help on "difficultes"."""
    requester = make.organisation("Jeune Coop", commune_insee=LENS, year_created=2023)
    near = make.organisation("Voisine", commune_insee=LIEVIN, year_created=2005)
    make.offer(near, "difficultes", "Traverser une crise de trésorerie")
    middle = make.organisation("Arrageoise", commune_insee=ARRAS, year_created=2022)
    make.offer(middle, "difficultes", "Négocier avec les créanciers")
    far = make.organisation("Calaisienne", commune_insee=CALAIS, year_created=2010)
    make.offer(far, "difficultes", "Procédure de sauvegarde")
    other_theme = make.organisation("Numérique", commune_insee=LENS, year_created=2004)
    make.offer(other_theme, "numerique", "Logiciels libres")
    return {
        "requester": requester,
        "near": near,
        "middle": middle,
        "far": far,
        "other_theme": other_theme,
        "requester_user": make.member(requester, email="demande@exemple.fr"),
        "near_user": make.member(near, email="voisine@exemple.fr"),
        "middle_user": make.member(middle, email="arras@exemple.fr"),
        "other_user": make.member(other_theme, email="numerique@exemple.fr"),
        "coordinator": make.coordinator(email="coordination@exemple.fr"),
        "viewer": make.viewer(),
    }
