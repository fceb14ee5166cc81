"""Fixtures of the outbox tests: a real SMTP server (tests/smtp.py), a clock to move."""

from datetime import timedelta

import pytest

from entraide.models._base import utcnow
from entraide.outbox import services
from tests.smtp import smtp_server  # noqa: F401 - the fixture, for these tests
from tests.web.helpers import use_cheap_password_hashing


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


class Clock:
    """The outbox's idea of now (naive UTC), moved by hand."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(services, "utcnow", clock)
    return clock
