"""Absolute links come from BASE_URL, never from the request's ``Host`` header.

A reset requested with ``Host: entraide.evil.example`` must not mail the real user a
link to that host carrying a valid token.
"""

import re
from pathlib import Path

import pytest

from entraide.core.links import absolute_url, check_base_url

PACKAGE = Path(__file__).resolve().parents[2] / "entraide"


def test_no_link_is_built_from_the_request():
    """``url_for(..., _external=True)`` takes the request's Host: core.links replaces it."""
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\b_external\b", line)
    ]
    assert offenders == []


def test_absolute_url_outside_a_request_keeps_the_path_prefix(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://entraide.example.org/reseau/")
    with app.app_context():
        assert absolute_url("pairings.show", pairing_id=4) == (
            "https://entraide.example.org/reseau/parrainages/4"
        )
        assert absolute_url("main.home") == "https://entraide.example.org/reseau/"


def test_absolute_url_ignores_the_request_host_and_prefix(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://entraide.example.org")
    with app.test_request_context(
        "/", base_url="http://entraide.evil.example/ailleurs", headers={"X-Forwarded-Host": "x"}
    ):
        assert absolute_url("help_requests.show", request_id=3, page=2) == (
            "https://entraide.example.org/entraide/3?page=2"
        )


@pytest.mark.parametrize(
    "value",
    ["entraide.example.org", "ftp://entraide.example.org", "https://", "https://x.org/?a=1"],
)
def test_a_base_url_that_is_not_an_absolute_http_address_is_refused(value):
    with pytest.raises(ValueError, match="BASE_URL"):
        check_base_url(value)
