"""The coordination's page of mails waiting or failed, and « Réessayer »."""

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry, OutboxMail
from entraide.outbox import services
from entraide.users.services import create_user
from tests.conftest import TEST_PASSWORD, build_sqlite_app, csrf_token_from, login
from tests.mails import send_outbox
from tests.web.helpers import flashes, location_path, text_of

RESET_LINK = "http://entraide.test/mot-de-passe/nouveau/JETON-SECRET"


@pytest.fixture
def mails(app_ctx):
    """A failed reset mail, a waiting invitation, a sent reminder (ids)."""
    failed, waiting, sent = (
        services.queue([address], kind, subject, f"Votre lien : {RESET_LINK}")[0]
        for address, kind, subject in (
            ("oubli@exemple.fr", "password_reset", "Nouveau mot de passe Entraide"),
            ("invitee@exemple.fr", "invitation", "Invitation à rejoindre Entraide"),
            ("parti@exemple.fr", "reminder", "Parrainage A – B : en retard"),
        )
    )
    failed.status, failed.attempts = "failed", 6
    failed.last_error = "Serveur de courriel injoignable (connexion refusée)."
    waiting.attempts = 2
    sent.status, sent.body = "sent", None
    db.session.commit()
    return {"failed": failed.id, "waiting": waiting.id, "sent": sent.id}


def test_the_coordination_sees_waiting_and_failed_mails(make, mails, client, login_as):
    login_as(make.coordinator())
    home = text_of(client.get("/journal"))
    assert 'href="/courriels"' in home and "Courriels en file" in home

    page = text_of(client.get("/courriels"))

    assert "En attente : <strong>1</strong>" in page
    assert "En échec : <strong>1</strong>" in page
    assert "Envoyés ces 30 derniers jours : <strong>1</strong>" in page
    assert "oubli@exemple.fr" in page and "Mot de passe oublié" in page
    assert "Serveur de courriel injoignable (connexion refusée)." in page
    assert "invitee@exemple.fr" in page and "Invitation" in page
    assert "parti@exemple.fr" not in page  # sent
    assert "JETON-SECRET" not in page  # a body is never shown: it may hold a live link
    assert page.index("oubli@exemple.fr") < page.index("invitee@exemple.fr")  # failed first
    assert page.count("Réessayer") == 2
    assert "Aucun serveur de courriel n'est configuré" in page


def test_retry_puts_a_failed_mail_back_and_it_goes(make, mails, client, login_as, app, smtp_server):
    coordinator = make.coordinator()
    login_as(coordinator)

    response = client.post(f"/courriels/{mails['failed']}/reessayer")

    assert location_path(response) == "/courriels"
    assert flashes(client.get("/courriels")) == [
        "Le courriel à oubli@exemple.fr repart : il sera envoyé dans quelques instants."
    ]
    mail = db.session.get(OutboxMail, mails["failed"])
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == ("waiting", 0)
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="outbox.retry")).scalar_one()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (
        coordinator.id,
        "OutboxMail",
        mail.id,
    )
    assert entry.before == {"status": "failed", "attempts": 6}
    assert entry.after == {"status": "waiting", "attempts": 0}
    journal = text_of(client.get("/journal"))
    assert "a remis en file d'envoi un courriel qui n'était pas parti." in journal

    assert send_outbox(app).sent == 2  # the retried one and the waiting one
    assert sorted(r for m in smtp_server.messages for r in m.recipients) == [
        "invitee@exemple.fr",
        "oubli@exemple.fr",
    ]
    assert "Aucun courriel en attente ni en échec." in text_of(client.get("/courriels"))


def test_a_sent_mail_cannot_be_retried(make, mails, client, login_as):
    login_as(make.coordinator())
    response = client.post(f"/courriels/{mails['sent']}/reessayer")
    assert response.status_code == 409
    assert "en cours d'envoi ou déjà envoyé" in text_of(response)
    assert (
        db.session.scalar(db.select(db.func.count(AuditEntry.id)).filter_by(action="outbox.retry"))
        == 0
    )
    assert client.post("/courriels/999999/reessayer").status_code == 404


def test_a_forged_retry_is_refused(tmp_path):
    app = build_sqlite_app(tmp_path, WTF_CSRF_ENABLED=True)
    try:
        with app.app_context():
            create_user(None, "coordination@exemple.fr", "coordinator", password=TEST_PASSWORD)
            [mail] = services.queue(["a@exemple.fr"], "reminder", "Relance", "Corps")
            mail.status = "failed"
            db.session.commit()
            mail_id = mail.id
        browser = app.test_client()
        token = csrf_token_from(text_of(browser.get("/connexion")))
        login_page = browser.post(
            "/connexion",
            data={
                "email": "coordination@exemple.fr",
                "password": TEST_PASSWORD,
                "csrf_token": token,
            },
        )
        assert login_page.status_code == 302
        assert browser.post(f"/courriels/{mail_id}/reessayer").status_code == 400
        with app.app_context():
            assert db.session.get(OutboxMail, mail_id).status == "failed"
        page = text_of(browser.get("/courriels"))
        forged_ok = browser.post(
            f"/courriels/{mail_id}/reessayer", data={"csrf_token": csrf_token_from(page)}
        )
        assert forged_ok.status_code == 302
        with app.app_context():
            assert db.session.get(OutboxMail, mail_id).status == "waiting"
    finally:
        with app.app_context():
            db.engine.dispose()


def test_members_and_the_funder_do_not_see_the_page(make, client, login_as):
    assert login(client, "personne@exemple.fr").status_code == 422
    assert location_path(client.get("/courriels")).startswith("/connexion")
    for user in (make.member(make.organisation("SCIC Une")), make.viewer()):
        login_as(user)
        assert client.get("/courriels").status_code == 403


def test_every_mail_template_has_a_french_kind_label():
    # The page names each mail by its template: a new template needs its French words.
    from pathlib import Path

    from entraide.outbox.labels import KIND_LABELS

    folder = Path(__file__).resolve().parents[2] / "templates" / "email"
    kinds = {path.stem for path in folder.glob("*.txt") if not path.name.startswith("_")}
    assert kinds == set(KIND_LABELS)
