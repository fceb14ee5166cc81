"""Rate limits on login, reset and password forms: memory storage, real Redis, ProxyFix."""

import re

import pytest

from entraide.core.extensions import db
from entraide.web.ratelimit import limiter_of

# No password: the form is refused (422) before any argon2 work, and the try still counts.
WRONG = {"email": "personne@exemple.fr", "password": ""}


def _post_login(client, **environ):
    return client.post("/connexion", data=WRONG, environ_base=environ)


def _assert_throttled(response, max_wait=60):
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Trop de tentatives" in html
    retry_after = response.headers["Retry-After"]
    assert re.fullmatch(r"\d+", retry_after)
    assert 1 <= int(retry_after) <= max_wait


def test_login_is_limited_to_ten_posts_a_minute_per_address(new_app):
    app = new_app()
    client = app.test_client()

    answers = [_post_login(client).status_code for _ in range(10)]

    assert answers == [422] * 10
    _assert_throttled(_post_login(client))
    # Reading the page is never limited; another address still may try.
    assert client.get("/connexion").status_code == 200
    assert _post_login(client, REMOTE_ADDR="198.51.100.7").status_code == 422


def test_a_throttled_address_cannot_log_in_even_with_the_right_password(new_app):
    from tests.conftest import TEST_PASSWORD
    from tests.factories import Factory

    app = new_app(RATELIMIT_LOGIN="2 per minute")
    with app.app_context():
        user = Factory(TEST_PASSWORD).coordinator()
        email = user.email
        db.session.remove()
    client = app.test_client()
    for _ in range(2):
        _post_login(client)

    response = client.post("/connexion", data={"email": email, "password": TEST_PASSWORD})

    _assert_throttled(response)


def test_password_reset_request_is_limited_to_five_an_hour(new_app):
    app = new_app()
    client = app.test_client()

    answers = [
        client.post("/mot-de-passe/oublie", data={"email": f"x{n}@exemple.fr"}).status_code
        for n in range(5)
    ]

    assert answers == [302] * 5
    response = client.post("/mot-de-passe/oublie", data={"email": "y@exemple.fr"})
    assert response.status_code == 429
    assert 60 < int(response.headers["Retry-After"]) <= 3600


@pytest.mark.parametrize(
    "path", ["/invitation/jeton-invalide", "/mot-de-passe/nouveau/jeton-invalide"]
)
def test_password_link_forms_are_limited(new_app, path):
    app = new_app(RATELIMIT_PASSWORD_FORMS="3 per minute")
    client = app.test_client()

    answers = [client.post(path, data={}).status_code for _ in range(3)]

    assert answers == [400] * 3
    _assert_throttled(client.post(path, data={}))


def test_limits_are_off_when_disabled(new_app):
    app = new_app(RATELIMIT_ENABLED=False, RATELIMIT_LOGIN="1 per minute")
    client = app.test_client()

    assert limiter_of(app) is None
    assert [_post_login(client).status_code for _ in range(3)] == [422] * 3


def test_each_app_keeps_its_own_limiter(new_app):
    """A second app with limits must not switch them on or off in the first one."""
    off = new_app(RATELIMIT_ENABLED=False)
    on = new_app(RATELIMIT_LOGIN="1 per minute")
    off_client, on_client = off.test_client(), on.test_client()

    assert _post_login(on_client).status_code == 422
    assert _post_login(on_client).status_code == 429
    assert [_post_login(off_client).status_code for _ in range(3)] == [422] * 3


def test_limits_are_shared_through_redis(new_app, redis_url):
    """Two apps (two gunicorn workers) on one Redis count the same tries."""
    settings = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_LOGIN": "3 per minute"}
    first, second = new_app(**settings), new_app(**settings)

    assert _post_login(first.test_client()).status_code == 422
    assert _post_login(second.test_client()).status_code == 422
    assert _post_login(first.test_client()).status_code == 422
    _assert_throttled(_post_login(second.test_client()))
    _assert_throttled(_post_login(first.test_client()))


def test_redis_keys_carry_the_prefix(new_app, redis_url):
    import redis

    app = new_app(RATELIMIT_STORAGE_URI=redis_url)
    _post_login(app.test_client())

    client = redis.Redis.from_url(redis_url)
    try:
        keys = [key.decode() for key in client.keys("*")]
    finally:
        client.close()
    assert keys
    assert all("entraide" in key for key in keys)


# Behind a reverse proxy ------------------------------------------------------------------


def test_without_proxy_fix_a_forged_forwarded_for_does_not_escape_the_limit(new_app):
    app = new_app(RATELIMIT_LOGIN="2 per minute")
    client = app.test_client()
    headers = iter(f"203.0.113.{n}" for n in range(1, 10))

    def post():
        return client.post("/connexion", data=WRONG, headers={"X-Forwarded-For": next(headers)})

    assert [post().status_code for _ in range(2)] == [422, 422]
    assert post().status_code == 429


def test_with_proxy_fix_the_limit_counts_the_real_client(new_app):
    app = new_app(RATELIMIT_LOGIN="2 per minute", PROXY_FIX_X_FOR=1)
    client = app.test_client()

    def post(client_address):
        return client.post(
            "/connexion", data=WRONG, headers={"X-Forwarded-For": f"{client_address}"}
        )

    assert [post("203.0.113.1").status_code for _ in range(2)] == [422, 422]
    assert post("203.0.113.1").status_code == 429
    assert post("203.0.113.2").status_code == 422


def test_proxy_fix_gives_the_view_the_client_address_and_scheme(new_app):
    app = new_app(PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1)
    seen = {}

    @app.get("/_adresse")
    def address():
        from flask import request

        seen.update(addr=request.remote_addr, scheme=request.scheme)
        return "ok"

    app.test_client().get(
        "/_adresse", headers={"X-Forwarded-For": "192.0.2.9", "X-Forwarded-Proto": "https"}
    )

    assert seen == {"addr": "192.0.2.9", "scheme": "https"}


def test_proxy_fix_is_off_by_default(new_app):
    app = new_app()
    seen = {}

    @app.get("/_adresse")
    def address():
        from flask import request

        seen["addr"] = request.remote_addr
        return "ok"

    app.test_client().get("/_adresse", headers={"X-Forwarded-For": "192.0.2.9"})

    assert seen == {"addr": "127.0.0.1"}


def _member_client(app, factory, organisation=None):
    from tests.conftest import login

    with app.app_context():
        member = factory.member(organisation)
        email, organisation_id = member.email, member.organisation_id
        db.session.remove()
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client, organisation_id


def test_help_requests_are_limited_per_account_not_per_address(new_app):
    from entraide.models import HelpRequest
    from tests.conftest import TEST_PASSWORD
    from tests.factories import Factory

    app = new_app(RATELIMIT_HELP_REQUESTS="2 per hour")
    factory = Factory(TEST_PASSWORD)
    first, _ = _member_client(app, factory)
    second, _ = _member_client(app, factory)
    data = {"theme": "gestion", "title": "Un appel", "text": "Besoin d'un coup de main."}

    answers = [first.post("/entraide/nouveau", data=data).status_code for _ in range(2)]
    assert answers == [302, 302]
    # A third one from the same account, even from another address, is refused in French.
    _assert_throttled(
        first.post("/entraide/nouveau", data=data, environ_base={"REMOTE_ADDR": "198.51.100.9"}),
        max_wait=3600,
    )
    # Another member behind the same address still may.
    assert second.post("/entraide/nouveau", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(HelpRequest.id))) == 3
        db.session.remove()


def test_invitations_are_limited_per_coordinator_account(new_app):
    from tests.conftest import TEST_PASSWORD, login
    from tests.factories import Factory

    app = new_app(RATELIMIT_MAIL_ACTIONS="1 per hour")
    with app.app_context():
        coordinator = Factory(TEST_PASSWORD).coordinator()
        email = coordinator.email
        db.session.remove()
    client = app.test_client()
    login(client, email)
    invite = {"email": "nouvelle@exemple.fr", "role": "coordinator", "organisation_id": 0}
    assert client.post("/utilisateurs/inviter", data=invite).status_code in (200, 302)
    _assert_throttled(
        client.post("/utilisateurs/inviter", data={**invite, "email": "autre@exemple.fr"}),
        max_wait=3600,
    )
