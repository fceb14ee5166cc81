"""Helpers shared by the web and CLI tests (plain functions; fixtures are in conftest.py)."""

import html
import re
from urllib.parse import parse_qs, urlsplit

from argon2 import PasswordHasher

import entraide.models.user as user_module

# The production hasher, kept before any test replaces it (its cost is checked in test_auth).
PRODUCTION_HASHER = user_module._hasher

# argon2id at its minimum cost: the web tests create and log in hundreds of accounts, and
# the production parameters cost about 0.2 s per hash on the CI machines.
_CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
_CHEAP_DUMMY_HASH = _CHEAP_HASHER.hash("not-a-real-password")


def use_cheap_password_hashing(monkeypatch) -> None:
    monkeypatch.setattr(user_module, "_hasher", _CHEAP_HASHER)
    monkeypatch.setattr(user_module, "_DUMMY_HASH", _CHEAP_DUMMY_HASH)


def text_of(response) -> str:
    """The body as text with HTML entities decoded (French apostrophes are escaped)."""
    return html.unescape(response.get_data(as_text=True))


def field_errors(response) -> list[str]:
    """The messages the form macros show under invalid fields."""
    body = response.get_data(as_text=True)
    return [html.unescape(m) for m in re.findall(r'class="field-error">([^<]*)<', body)]


def flashes(response) -> list[str]:
    body = response.get_data(as_text=True)
    return [html.unescape(m) for m in re.findall(r'<p class="flash flash-\w+"[^>]*>([^<]*)<', body)]


def location_path(response) -> str:
    """The path of a redirect's Location header (the test client may make it absolute)."""
    return urlsplit(response.headers["Location"]).path


def location_next(response) -> str | None:
    values = parse_qs(urlsplit(response.headers["Location"]).query).get("next")
    return values[0] if values else None


def is_login_redirect(response) -> bool:
    """Flask-Login's answer to an anonymous request: to /connexion, remembering the page."""
    return (
        response.status_code == 302
        and location_path(response) == "/connexion"
        and location_next(response) is not None
    )


def input_value(response, element_id: str) -> str:
    """The value of the <input id=...> of a page (the invitation link page)."""
    body = response.get_data(as_text=True)
    match = re.search(rf'<input id="{element_id}"[^>]*value="([^"]*)"', body)
    assert match, f"no input #{element_id} in the page"
    return html.unescape(match.group(1))


def is_logged_in(browser) -> bool:
    """Whether ``browser`` holds a live session (the password page needs one)."""
    response = browser.get("/compte/mot-de-passe")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def link_in(message: dict) -> str:
    """The first URL of a message caught by the ``outbox`` fixture."""
    return re.search(r"https?://\S+", message["body"]).group(0)
