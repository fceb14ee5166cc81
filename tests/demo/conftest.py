"""The demo network, loaded once per test that asks for it (cheap password hashing)."""

import pytest

from entraide.core.extensions import db
from entraide.demo import load_demo
from tests.web.helpers import use_cheap_password_hashing


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


@pytest.fixture
def demo(app_ctx):
    load_demo()
    db.session.commit()
    return app_ctx
