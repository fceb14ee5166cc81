"""No request talks to SMTP: mails wait in the outbox, and « mot de passe oublié » answers
at once whether the address is known or not."""

import time

import pytest

from entraide.core.extensions import db
from entraide.models import HelpRequest, OutboxMail
from tests.mails import send_outbox
from tests.smtp import SilentListener
from tests.web.helpers import link_in, text_of


@pytest.fixture
def hung_mail_server(app, monkeypatch):
    """MAIL_SERVER points at a port that accepts and never answers: an SMTP client would
    hang there for MAIL_TIMEOUT (5 s)."""
    listener = SilentListener()
    for key, value in {
        "MAIL_SERVER": listener.host,
        "MAIL_PORT": listener.port,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_USERNAME": "",
        "MAIL_TIMEOUT": 5,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    yield listener
    listener.close()


def _timed_post(client, path, data):
    started = time.perf_counter()
    response = client.post(path, data=data)
    return response, time.perf_counter() - started


def test_forgotten_password_never_touches_smtp(make, client, outbox, hung_mail_server):
    member = make.member(make.organisation("SCIC Une"), email="connue@exemple.fr")
    answers = {}
    for address in ("inconnue@exemple.fr", member.email):
        response, seconds = _timed_post(client, "/mot-de-passe/oublie", {"email": address})
        assert response.status_code == 302
        assert seconds < 2, f"{address}: {seconds:.2f} s"  # SMTP would have hung 5 s
        answers[address] = response.headers["Location"]
    assert len(set(answers.values())) == 1  # the same answer
    assert hung_mail_server.connections == 0

    # The known address's mail waits in the outbox, its link intact.
    [mail] = outbox
    assert (mail["to"], mail["status"]) == ("connue@exemple.fr", "waiting")
    assert "/mot-de-passe/nouveau/" in link_in(mail)


def test_the_queued_reset_mail_arrives_and_its_link_works(
    make, client, outbox, app, smtp_server, monkeypatch
):
    member = make.member(make.organisation("SCIC Une"), email="connue@exemple.fr")
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # the server is down during the request
    assert client.post("/mot-de-passe/oublie", data={"email": member.email}).status_code == 302
    assert smtp_server.connections == 0

    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_server.port)
    assert send_outbox(app).sent == 1
    [received] = smtp_server.to(member.email)
    link = link_in({"body": received.body})
    page = client.get(link.removeprefix("http://entraide.test"))
    assert page.status_code == 200
    assert "Choisissez un nouveau mot de passe pour <strong>connue@exemple.fr" in text_of(page)
    assert [mail["body"] for mail in outbox] == [None]  # the link left the database


def test_requests_that_mail_others_only_queue(
    make, client, login_as, outbox, hung_mail_server, app_ctx
):
    """Invitation, help request, answer: each answers fast, each mail waits in the outbox."""
    coordinator = make.coordinator(email="coordination@exemple.fr")
    young = make.organisation("Jeune Coop", commune_insee="62498", year_created=2023)
    helper = make.organisation("Voisine", commune_insee="62510", year_created=2005)
    make.offer(helper, "difficultes", "Traverser une crise de trésorerie")
    asker, answerer = make.member(young, email="demande@exemple.fr"), make.member(helper)

    login_as(coordinator)
    response, seconds = _timed_post(
        client, "/utilisateurs/inviter", {"email": "camille@exemple.fr", "role": "viewer"}
    )
    assert response.status_code == 302 and seconds < 2
    login_as(asker)
    call = {"theme": "difficultes", "title": "Trésorerie", "text": "Comment tenir ?"}
    response, seconds = _timed_post(client, "/entraide/nouveau", call)
    assert response.status_code == 302 and seconds < 2
    item = db.session.execute(db.select(HelpRequest)).scalar_one()
    login_as(answerer)
    response, seconds = _timed_post(
        client, f"/entraide/{item.id}/reponses", {"message": "Passez jeudi"}
    )
    assert response.status_code == 302 and seconds < 2

    assert hung_mail_server.connections == 0
    assert [(m["kind"], m["to"], m["status"]) for m in outbox] == [
        ("invitation", "camille@exemple.fr", "waiting"),
        ("help_request_notified", answerer.email, "waiting"),
        ("help_request_answered", "demande@exemple.fr", "waiting"),
    ]
    assert db.session.scalar(db.select(db.func.count(OutboxMail.id))) == 3
