"""ConfirmForm, DeleteForm and ActionDoneForm carry only a CSRF token: fuzz the token.

CSRF protection is switched on for these tests: a forged or garbled token answers a French
400 and writes nothing; the page's own token is accepted.
"""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import TEST_PASSWORD, csrf_token_from

from .checks import post_and_check, snapshot
from .conftest import FUZZ
from .strategies import nasty_text


@pytest.fixture
def csrf_on(app, client, monkeypatch):
    """CSRF protection on; returns a sign-in that sends the login page's token."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    def _sign_in(email: str):
        with client.session_transaction() as session:
            session.clear()
        token = csrf_token_from(client.get("/connexion").get_data(as_text=True))
        data = {"email": email, "password": TEST_PASSWORD, "csrf_token": token}
        assert client.post("/connexion", data=data).status_code == 302

    return _sign_in


def _routes(world) -> dict[str, tuple[str, str, str]]:
    """Form -> (who, page holding the token, POST target)."""
    return {
        "ConfirmForm": (
            world.coordinator,
            f"/organisations/{world.outsider}",
            f"/organisations/{world.outsider}/archiver",
        ),
        "DeleteForm": (
            world.coordinator,
            "/tableau-de-bord/temoignages",
            f"/tableau-de-bord/temoignages/{world.highlight}/retirer",
        ),
        "ActionDoneForm": (
            world.active_user,
            f"/parrainages/{world.active}",
            f"/parrainages/{world.active}/actions/{world.action}/faite",
        ),
    }


@FUZZ
@given(
    name=st.sampled_from(["ConfirmForm", "DeleteForm", "ActionDoneForm"]),
    token=st.one_of(nasty_text(), st.none()),
)
def test_garbled_tokens_are_refused(app, client, world, csrf_on, name, token):
    who, _page, target = _routes(world)[name]
    csrf_on(who)
    data = {} if token is None else {"csrf_token": token}
    response = post_and_check(app, client, target, data)
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["ConfirmForm", "DeleteForm", "ActionDoneForm"])
def test_the_page_token_is_accepted(app, client, world, csrf_on, name):
    who, page, target = _routes(world)[name]
    csrf_on(who)
    html = client.get(page).get_data(as_text=True)
    assert re.search(re.escape(target), html), f"{page} has no form for {target}"
    before = snapshot(app)
    response = client.post(target, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    assert snapshot(app) != before
