"""The demo network with a year of activity, built once per test that asks for it."""

import pytest

from tests.formats.activity import build_activity
from tests.web.helpers import use_cheap_password_hashing


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


@pytest.fixture
def activity(app):
    with app.app_context():
        return build_activity()
