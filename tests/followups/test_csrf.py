"""With CSRF protection on (as in production), a forged post is refused and writes nothing."""

import re
from datetime import date, timedelta

import pytest

from entraide.core.extensions import db
from entraide.followups.services import NewAction, log_followup
from entraide.models import FollowUp, FollowUpAction, OutboxMail
from entraide.organisations.services import create_organisation
from entraide.pairings import services as pairing_services
from entraide.users.services import create_user
from tests.conftest import TEST_PASSWORD, build_sqlite_app, csrf_token_from
from tests.web.helpers import text_of

CSRF_MESSAGE = "Le formulaire a expiré ou n'est pas valide"


@pytest.fixture(scope="module")
def csrf_app(tmp_path_factory):
    app = build_sqlite_app(tmp_path_factory.mktemp("followups-csrf"), WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def ids(csrf_app):
    """An active pairing with one open action, and a member of its mentee."""
    with csrf_app.app_context():
        mentee = create_organisation(None, "Pousse CSRF", commune_insee="62498", year_created=2023)
        mentor = create_organisation(
            None, "Chêne CSRF", commune_insee="62510", year_created=2004, mentor_capacity=1
        )
        coordinator = create_user(
            None, "coordination-csrf@exemple.fr", "coordinator", password=TEST_PASSWORD
        )
        member = create_user(
            None, "membre-csrf@exemple.fr", "member", organisation=mentee, password=TEST_PASSWORD
        )
        pairing = pairing_services.propose(coordinator, mentee, mentor)
        pairing_services.answer(pairing, None, "mentee", True, None)
        pairing_services.answer(pairing, None, "mentor", True, None)
        pairing.start_date = date.today() - timedelta(days=30)
        followup = log_followup(
            pairing,
            coordinator,
            held_on=date.today(),
            format="phone",
            volunteer_hours=1,
            summary="Premier appel",
            actions=[NewAction("Appeler la banque")],
        )
        db.session.commit()
        return {"pairing": pairing.id, "action": followup.actions[0].id, "member": member.email}


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(db.select(db.func.count(FollowUp.id))),
            db.session.scalar(
                db.select(db.func.count(FollowUpAction.id)).where(
                    FollowUpAction.done_at.is_not(None)
                )
            ),
        )


def _logged_in(app, email):
    browser = app.test_client()
    token = csrf_token_from(browser.get("/connexion").get_data(as_text=True))
    response = browser.post(
        "/connexion", data={"csrf_token": token, "email": email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return browser


def test_forged_posts_are_refused_in_french(csrf_app, ids):
    browser = _logged_in(csrf_app, ids["member"])
    before = _counts(csrf_app)
    new = f"/parrainages/{ids['pairing']}/rencontres/nouvelle"
    data = {
        "held_on": date.today().isoformat(),
        "format": "video",
        "volunteer_hours": "1",
        "summary": "Sans jeton",
    }
    forged = browser.post(new, data=data)
    assert forged.status_code == 400 and CSRF_MESSAGE in text_of(forged)
    done = f"/parrainages/{ids['pairing']}/actions/{ids['action']}/faite"
    forged = browser.post(done)
    assert forged.status_code == 400 and CSRF_MESSAGE in text_of(forged)
    assert _counts(csrf_app) == before

    # The real forms carry their token and go through.
    token = csrf_token_from(browser.get(new).get_data(as_text=True))
    assert browser.post(new, data={**data, "csrf_token": token}).status_code == 302
    page = browser.get(f"/parrainages/{ids['pairing']}").get_data(as_text=True)
    assert browser.post(done, data={"csrf_token": csrf_token_from(page)}).status_code == 302
    assert _counts(csrf_app) == (before[0] + 1, before[1] + 1)


def test_a_forged_manual_reminder_is_refused(csrf_app, ids):
    with csrf_app.app_context():
        before = db.session.scalar(db.select(db.func.count(OutboxMail.id)))
    browser = _logged_in(csrf_app, "coordination-csrf@exemple.fr")
    url = f"/parrainages/{ids['pairing']}/relance"
    preview = browser.get(url).get_data(as_text=True)
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', preview)
    forged = browser.post(url, data={"fingerprint": fingerprint.group(1)})
    assert forged.status_code == 400 and CSRF_MESSAGE in text_of(forged)
    with csrf_app.app_context():
        assert db.session.scalar(db.select(db.func.count(OutboxMail.id))) == before
    data = {"fingerprint": fingerprint.group(1), "csrf_token": csrf_token_from(preview)}
    assert browser.post(url, data=data).status_code == 302
