"""Invitation and password-reset links: single use, expiry, forgery, the password policy."""

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from entraide.auth.tokens import make_token
from entraide.core.extensions import db
from entraide.models import User
from tests.conftest import TEST_PASSWORD, login
from tests.web.helpers import (
    field_errors,
    flashes,
    input_value,
    is_logged_in,
    link_in,
    text_of,
)

NEW_PASSWORD = "Une-autre-phrase-de-passe-62"


# Invitations ----------------------------------------------------------------------------


def test_invitation_flow(make, client, login_as, new_client, in_db):
    org = make.organisation()
    login_as(make.coordinator())

    response = client.post(
        "/utilisateurs/inviter",
        data={
            "email": "Nouvelle@Exemple.fr",
            "name": "Nouvelle Personne",
            "role": "member",
            "organisation_id": org.id,
        },
    )

    assert response.status_code == 200
    assert "transmettez vous-même ce lien" in text_of(response)
    link = input_value(response, "lien")
    invited = new_client()
    page = invited.get(link)
    assert page.status_code == 200
    assert "nouvelle@exemple.fr" in text_of(page)

    response = invited.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert response.status_code == 302
    home = invited.get("/")  # a member's home: « À faire » and partners
    assert home.status_code == 200 and "À faire" in text_of(home)
    with in_db() as session:
        user = session.execute(db.select(User).filter_by(email="nouvelle@exemple.fr")).scalar_one()
        assert user.has_password and user.organisation_id == org.id
    again = new_client().get(link)
    assert again.status_code == 400
    assert "Lien non valide" in text_of(again)
    assert "déjà servi" in text_of(again)


@pytest.fixture
def pending(make, in_db):
    """A member invited but without a password yet, and a valid invitation token."""
    user = make.member(password=None)
    with in_db() as session:
        token = make_token(session.get(User, user.id), "invite")
    return user, token


def _forged_tokens(app, user, token):
    with app.app_context():
        other_key = URLSafeTimedSerializer("une-autre-clé", salt="entraide-invite")
        right_key = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="entraide-invite")
        reset = make_token(db.session.get(User, user.id), "reset")
        return {
            "garbage": "pas-un-jeton",
            "tampered": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
            "other key": other_key.dumps({"uid": user.id, "pw": "x"}),
            "reset token on the invitation page": reset,
            "not a dict": right_key.dumps([user.id]),
            "uid not an int": right_key.dumps({"uid": str(user.id), "pw": "x"}),
            "wrong fingerprint": right_key.dumps({"uid": user.id, "pw": "0" * 16}),
        }


@pytest.mark.parametrize(
    "kind",
    [
        "garbage",
        "tampered",
        "other key",
        "reset token on the invitation page",
        "not a dict",
        "uid not an int",
        "wrong fingerprint",
    ],
)
def test_forged_invitation_links_are_refused(app, client, pending, kind):
    user, token = pending
    forged = _forged_tokens(app, user, token)[kind]
    for method in (client.get, client.post):
        response = method(
            f"/invitation/{forged}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        )
        assert response.status_code == 400
        assert "Lien non valide" in text_of(response)
    assert not is_logged_in(client)


def test_expired_invitation_link(client, make, in_db, monkeypatch):
    user = make.member(password=None)
    eight_days_ago = int(time.time()) - 8 * 24 * 3600
    with monkeypatch.context() as patch, in_db() as session:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: eight_days_ago)
        token = make_token(session.get(User, user.id), "invite")

    response = client.get(f"/invitation/{token}")

    assert response.status_code == 400
    assert "Lien non valide" in text_of(response)
    assert "Ce lien a expiré : demandez-en un nouveau." in text_of(response)


def test_invitation_of_a_deactivated_account_is_refused(client, pending, in_db):
    user, token = pending
    with in_db() as session:
        session.get(User, user.id).active = False
        session.commit()
    assert client.get(f"/invitation/{token}").status_code == 400


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("court", "court", "Le mot de passe doit contenir au moins 12 caractères."),
        (
            "bienvenue2024",
            "bienvenue2024",
            "Ce mot de passe est trop courant : choisissez-en un autre.",
        ),
        (
            "BienVenue2024",
            "BienVenue2024",
            "Ce mot de passe est trop courant : choisissez-en un autre.",
        ),
        (
            "aaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaa",
            "Ce mot de passe est trop courant : choisissez-en un autre.",
        ),
        (NEW_PASSWORD, NEW_PASSWORD + "?", "Les deux mots de passe ne sont pas identiques."),
        ("x" * 129, "x" * 129, "Le mot de passe doit contenir au plus 128 caractères."),
        ("", "", "Choisissez un mot de passe."),
    ],
)
def test_password_policy_on_invitation(client, pending, reload, password, confirm, message):
    user, token = pending

    response = client.post(f"/invitation/{token}", data={"password": password, "confirm": confirm})

    assert response.status_code == 422
    assert message in field_errors(response)
    after = reload(User, user.id)
    assert after.password_hash is None
    assert after.session_token == user.session_token
    assert not is_logged_in(client)


def test_password_may_not_contain_the_address(client, make, in_db):
    user = make.member(password=None, email="dominique.martin@exemple.fr")
    with in_db() as session:
        token = make_token(session.get(User, user.id), "invite")
    password = "Dominique.Martin-2026"
    response = client.post(f"/invitation/{token}", data={"password": password, "confirm": password})
    assert response.status_code == 422
    assert "Le mot de passe ne doit pas reprendre votre adresse ou votre nom." in field_errors(
        response
    )


# Password reset -------------------------------------------------------------------------


def test_reset_request_answers_the_same_for_known_and_unknown_addresses(
    make, new_client, in_db, outbox
):
    member = make.member()
    inactive = make.member()
    with in_db() as session:
        session.get(User, inactive.id).active = False
        session.commit()
    answers = []
    for email in (member.email.upper(), "inconnu@exemple.fr", inactive.email):
        browser = new_client()
        response = browser.post("/mot-de-passe/oublie", data={"email": email})
        answers.append(
            (response.status_code, response.headers["Location"], flashes(browser.get("/connexion")))
        )
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 302
    assert answers[0][2] == [
        "Si un compte correspond à cette adresse, un lien vient de lui être envoyé."
    ]
    assert [message["to"] for message in outbox] == [member.email]


def test_reset_request_needs_a_valid_address(client, outbox):
    response = client.post("/mot-de-passe/oublie", data={"email": "pas-une-adresse"})
    assert response.status_code == 422
    assert field_errors(response) == ["Adresse électronique invalide."]
    assert outbox == []


def test_reset_link_works_once(make, client, new_client, outbox):
    member = make.member()
    elsewhere = new_client(member)
    client.post("/mot-de-passe/oublie", data={"email": member.email})
    link = link_in(outbox[0])
    assert "/mot-de-passe/nouveau/" in link

    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(elsewhere)
    assert login(new_client(), member.email).status_code == 422
    assert login(new_client(), member.email, NEW_PASSWORD).status_code == 302
    reused = new_client().post(link, data={"password": TEST_PASSWORD, "confirm": TEST_PASSWORD})
    assert reused.status_code == 400
    assert "Lien non valide" in text_of(reused)
