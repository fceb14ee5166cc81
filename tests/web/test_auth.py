"""Logging in and out, sessions and their invalidation, the ``next`` parameter."""

import pytest
from argon2 import Type

from entraide.auth.redirects import safe_next
from entraide.models import User
from tests.conftest import TEST_PASSWORD, login
from tests.web.helpers import (
    PRODUCTION_HASHER,
    field_errors,
    flashes,
    is_logged_in,
    is_login_redirect,
    location_path,
    text_of,
)

BAD_LOGIN = "Adresse ou mot de passe incorrect."
NEW_PASSWORD = "Une-autre-phrase-de-passe-62"


# Login ---------------------------------------------------------------------------------


def test_login_page_is_french(client):
    response = client.get("/connexion")
    assert response.status_code == 200
    assert "Connexion" in text_of(response)
    assert '<html lang="fr">' in text_of(response)


def test_login_with_the_right_password(make, client, reload):
    member = make.member()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"  # session fixation: nothing survives a login

    response = login(client, member.email.upper())  # addresses are case-insensitive

    assert response.status_code == 302
    assert location_path(response) == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == member.session_token
    assert reload(User, member.id).last_login_at is not None
    home = client.get("/")  # a member's home: « À faire » and partners
    assert home.status_code == 200 and "À faire" in text_of(home)


@pytest.mark.parametrize("case", ["wrong password", "unknown email", "inactive", "invited"])
def test_login_refused_with_the_same_message(make, client, in_db, case):
    member = make.member(password=None if case == "invited" else TEST_PASSWORD)
    email, password = member.email, TEST_PASSWORD
    if case == "wrong password":
        password = "Pas-le-bon-mot-de-passe"
    elif case == "unknown email":
        email = "inconnu@exemple.fr"
    elif case == "inactive":
        with in_db() as session:
            session.get(User, member.id).active = False
            session.commit()

    response = login(client, email, password)

    assert response.status_code == 422
    assert flashes(response) == [BAD_LOGIN]
    assert not is_logged_in(client)


def test_login_form_requires_both_fields(client):
    response = client.post("/connexion", data={"email": "", "password": ""})
    assert response.status_code == 422
    assert field_errors(response) == [
        "Indiquez votre adresse électronique.",
        "Indiquez votre mot de passe.",
    ]


def test_production_hasher_is_argon2id_above_the_asvs_minimum():
    assert PRODUCTION_HASHER.type is Type.ID
    assert PRODUCTION_HASHER.memory_cost >= 19 * 1024  # KiB
    assert PRODUCTION_HASHER.time_cost >= 2


# Logout and session invalidation ------------------------------------------------------


def test_logout_is_post_only(make, client, login_as):
    login_as(make.member())
    response = client.get("/deconnexion")
    assert response.status_code == 405
    assert is_logged_in(client)


def test_logout_invalidates_a_copied_session_cookie(make, client, login_as, new_client, reload):
    member = make.member()
    login_as(member)
    stolen = client.get_cookie("session", domain="entraide.test")
    thief = new_client()
    thief.set_cookie("session", stolen.value, domain="entraide.test")
    assert is_logged_in(thief)

    response = client.post("/deconnexion")

    assert location_path(response) == "/connexion"
    assert not is_logged_in(client)
    assert not is_logged_in(thief)
    assert reload(User, member.id).session_token != member.session_token


def test_password_change_ends_other_sessions(make, client, login_as, new_client):
    member = make.member()
    login_as(member)
    other_browser = new_client(member)

    response = client.post(
        "/compte/mot-de-passe",
        data={"current": TEST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(other_browser)
    assert login(new_client(), member.email).status_code == 422
    assert login(new_client(), member.email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "current": "Pas-le-bon-mot-de-passe",
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
            "Le mot de passe actuel est incorrect.",
        ),
        (
            {"current": TEST_PASSWORD, "password": "court", "confirm": "court"},
            "Le mot de passe doit contenir au moins 12 caractères.",
        ),
        (
            {"current": TEST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"},
            "Les deux mots de passe ne sont pas identiques.",
        ),
    ],
)
def test_password_change_refused(make, client, login_as, reload, data, message):
    member = make.member()
    login_as(member)
    before = reload(User, member.id)

    response = client.post("/compte/mot-de-passe", data=data)

    assert response.status_code == 422
    assert message in field_errors(response)
    after = reload(User, member.id)
    assert (after.password_hash, after.session_token) == (
        before.password_hash,
        before.session_token,
    )


# The next parameter ---------------------------------------------------------------------

OPEN_REDIRECTS = [
    "//evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "%5C%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%2F/evil.example",
    "javascript:alert(1)",
    "data:text/html,x",
    "https://evil.example",
    "http:evil.example",
    # Harmless for browsers (a local path), refused anyway: no page of ours looks like it.
    "/@evil.example",
    "/\tevil",
    "/\nevil",
    "/%09/evil.example",
    "",
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_safe_next_refuses(target):
    assert safe_next(target) is None


@pytest.mark.parametrize(
    "target", ["/organisations/3", "/organisations?sector=energie&q=a", "/besoins"]
)
def test_safe_next_accepts_local_paths(target):
    assert safe_next(target) == target


def test_login_ignores_open_redirect_payloads(make, new_client):
    member = make.member()
    for target in OPEN_REDIRECTS:
        browser = new_client()
        response = browser.post(
            "/connexion",
            query_string={"next": target},
            data={"email": member.email, "password": TEST_PASSWORD},
        )
        assert response.status_code == 302, target
        assert response.headers["Location"] == "/", target


def test_login_returns_to_the_page_asked_for(make, client):
    member = make.member()
    page = f"/organisations/{member.organisation_id}"
    response = client.get(page)
    assert is_login_redirect(response)

    response = client.post(
        response.headers["Location"], data={"email": member.email, "password": TEST_PASSWORD}
    )

    assert response.headers["Location"] == page
    assert client.get(page).status_code == 200
