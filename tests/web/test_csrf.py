"""CSRF protection on: a second app, as in production, on its own migrated SQLite file."""

import itertools
from types import SimpleNamespace

import pytest

from entraide.core.extensions import db
from entraide.models import Organisation
from entraide.organisations.services import create_organisation
from entraide.users.services import create_user
from tests.conftest import TEST_PASSWORD, build_sqlite_app, csrf_token_from
from tests.web.helpers import location_path, text_of

CSRF_MESSAGE = "Le formulaire a expiré ou n'est pas valide : rechargez la page et recommencez."
_names = itertools.count(1)


@pytest.fixture(scope="module")
def csrf_app(tmp_path_factory):
    app = build_sqlite_app(tmp_path_factory.mktemp("csrf"), WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def people(csrf_app):
    """A SCIC with its member, and a coordinator, with fresh names for each test."""
    n = next(_names)
    with csrf_app.app_context():
        org = create_organisation(None, f"SCIC CSRF {n}", commune_insee="62498")
        member = create_user(
            None, f"membre{n}@exemple.fr", "member", organisation=org, password=TEST_PASSWORD
        )
        coordinator = create_user(
            None, f"coordination{n}@exemple.fr", "coordinator", password=TEST_PASSWORD
        )
        db.session.commit()
        return SimpleNamespace(org_id=org.id, member=member.email, coordinator=coordinator.email)


def _login(browser, email):
    token = csrf_token_from(browser.get("/connexion").get_data(as_text=True))
    response = browser.post(
        "/connexion", data={"csrf_token": token, "email": email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return browser


def _logged_in(browser) -> bool:
    return browser.get("/compte/mot-de-passe").status_code == 200


def test_login_without_token_is_refused(csrf_app, people):
    browser = csrf_app.test_client()
    response = browser.post("/connexion", data={"email": people.member, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert '<html lang="fr">' in text_of(response)
    assert CSRF_MESSAGE in text_of(response)
    assert not _logged_in(browser)


def test_login_with_the_token_of_the_page_is_accepted(csrf_app, people):
    browser = _login(csrf_app.test_client(), people.member)
    assert _logged_in(browser)


def test_token_of_another_browser_is_refused(csrf_app, people):
    token = csrf_token_from(csrf_app.test_client().get("/connexion").get_data(as_text=True))
    browser = csrf_app.test_client()
    browser.get("/connexion")
    response = browser.post(
        "/connexion", data={"csrf_token": token, "email": people.member, "password": TEST_PASSWORD}
    )
    assert response.status_code == 400


def test_logout_needs_the_token(csrf_app, people):
    browser = _login(csrf_app.test_client(), people.member)

    refused = browser.post("/deconnexion")

    assert refused.status_code == 400
    assert _logged_in(browser)
    page = browser.get(f"/organisations/{people.org_id}").get_data(as_text=True)
    response = browser.post("/deconnexion", data={"csrf_token": csrf_token_from(page)})
    assert location_path(response) == "/connexion"
    assert not _logged_in(browser)


def test_archive_button_carries_the_token(csrf_app, people):
    browser = _login(csrf_app.test_client(), people.coordinator)
    org_page = f"/organisations/{people.org_id}"

    refused = browser.post(org_page + "/archiver")

    assert refused.status_code == 400
    with csrf_app.app_context():
        assert db.session.get(Organisation, people.org_id).archived_at is None
    token = csrf_token_from(browser.get(org_page).get_data(as_text=True))
    response = browser.post(org_page + "/archiver", data={"csrf_token": token})
    assert location_path(response) == "/organisations"
    with csrf_app.app_context():
        assert db.session.get(Organisation, people.org_id).archived_at is not None
