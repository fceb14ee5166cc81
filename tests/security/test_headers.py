"""Security headers, cache rules and cookies, on the shared app and a production-like one."""

import pytest

from entraide.core.extensions import db
from tests.conftest import TEST_PASSWORD, login
from tests.factories import Factory


def _csp(response) -> dict[str, str]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def test_content_security_policy_on_a_page(client):
    csp = _csp(client.get("/connexion"))

    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert "unsafe" not in " ".join(csp.values())
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"


def test_pages_have_no_inline_script(client):
    html = client.get("/connexion").get_data(as_text=True)
    assert "<script>" not in html
    assert " onclick=" not in html and " onload=" not in html


@pytest.mark.parametrize("path", ["/connexion", "/page-qui-n-existe-pas", "/static/css/app.css"])
def test_basic_headers_everywhere(client, path):
    response = client.get(path)
    response.close()

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    # Plain HTTP in development and tests: no HSTS.
    assert "Strict-Transport-Security" not in response.headers


def test_authenticated_pages_are_not_stored(make, client, login_as):
    login_as(make.coordinator())

    response = client.get("/compte/mot-de-passe")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_anonymous_pages_may_be_cached(client):
    assert "no-store" not in client.get("/connexion").headers.get("Cache-Control", "")


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_session_cookie_is_httponly_and_lax_and_no_remember_cookie(make, client):
    user = make.coordinator()

    response = login(client, user.email)

    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    assert not [c for c in response.headers.getlist("Set-Cookie") if "remember" in c.lower()]


def test_remember_me_is_never_offered(make, client):
    user = make.coordinator()
    html = client.get("/connexion").get_data(as_text=True).lower()
    assert "remember" not in html and "se souvenir" not in html

    # Even when asked for, no remember cookie is set.
    response = client.post(
        "/connexion", data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    client.get("/")
    assert client.get_cookie("remember_token") is None


@pytest.fixture
def production_app(new_app):
    app = new_app(SESSION_COOKIE_SECURE=True, RATELIMIT_ENABLED=False)
    with app.app_context():
        email = Factory(TEST_PASSWORD).coordinator().email
        db.session.remove()
    return app, email


def test_production_cookies_are_secure_and_hsts_is_on(production_app):
    app, email = production_app
    client = app.test_client()

    response = login(client, email)

    assert response.status_code == 302
    cookie = _session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert int(response.headers["Strict-Transport-Security"].split("=")[1]) >= 31536000


def test_browser_features_and_opener_are_locked(client):
    headers = client.get("/connexion").headers
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/deconnexion", "/api/v1/organisations"])
def test_405_keeps_its_allow_header(client, path):
    response = client.delete(path)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] or "POST" in response.headers["Allow"]
    assert response.mimetype in ("text/html", "application/json")
