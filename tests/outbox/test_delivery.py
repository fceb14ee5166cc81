"""Delivering the outbox to a real SMTP server: nothing lost, nothing sent twice."""

import threading

import pytest
from aiosmtpd.controller import Controller

from entraide.core.extensions import db
from entraide.models import OutboxMail, User
from entraide.outbox import services
from entraide.users.services import create_user
from tests.mails import send_outbox
from tests.smtp import free_port, start_smtp_server

SUBJECT = "Nouveau mot de passe Entraide"


def _queue(app, *addresses, body="Votre lien : http://entraide.test/secret"):
    """Queue one mail per address and commit, as a request would."""
    with app.app_context():
        mails = services.queue(list(addresses), "password_reset", SUBJECT, body)
        db.session.commit()
        ids = [mail.id for mail in mails]
        db.session.remove()
    return ids


def _rows(app) -> list[OutboxMail]:
    with app.app_context():
        rows = db.session.scalars(db.select(OutboxMail).order_by(OutboxMail.id)).all()
        db.session.expunge_all()
        return rows


def _point_at(app, monkeypatch, port: int) -> None:
    for key, value in {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_USERNAME": "",
        "MAIL_TIMEOUT": 5,
    }.items():
        monkeypatch.setitem(app.config, key, value)


def test_a_mail_rolled_back_with_its_change_is_never_sent(app, smtp_server):
    with app.app_context():
        user = create_user(None, "camille@exemple.fr", "viewer")
        from entraide.auth.services import queue_invitation

        queue_invitation(user)
        db.session.rollback()  # the change is refused: its mail goes with it
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0
        db.session.remove()

    assert _rows(app) == []
    assert send_outbox(app).handled == 0
    assert smtp_server.messages == [] and smtp_server.connections == 0


def test_a_server_down_then_up_gets_each_mail_once(app, clock, monkeypatch):
    port = free_port()
    _point_at(app, monkeypatch, port)  # nothing listens there yet
    _queue(app, "a@exemple.fr", "b@exemple.fr")

    summary = send_outbox(app)
    assert (summary.sent, summary.postponed) == (0, 2)
    rows = _rows(app)
    assert [(m.status, m.attempts) for m in rows] == [("waiting", 1), ("waiting", 1)]
    assert all((m.next_attempt_at - clock.now).total_seconds() == 60 for m in rows)
    assert rows[0].last_error == "Serveur de courriel injoignable (connexion refusée)."
    assert rows[0].body  # nothing lost
    assert rows[0].claimed_by is None and rows[0].claimed_until is None

    server, controller = start_smtp_server(port)
    try:
        clock.advance(30)
        assert send_outbox(app).handled == 0  # not due before its delay
        clock.advance(31)
        assert send_outbox(app).sent == 2
        assert send_outbox(app).handled == 0  # a second run sends nothing
    finally:
        controller.stop()

    assert sorted(r for m in server.messages for r in m.recipients) == [
        "a@exemple.fr",
        "b@exemple.fr",
    ]
    assert server.connections == 1  # one SMTP session for the batch
    message = server.messages[0].message
    assert message["Subject"] == SUBJECT
    assert message["From"] == "Entraide SCIC 62 <entraide@localhost>"
    assert message["Message-ID"].startswith(f"<outbox.{rows[0].id}.")
    assert message["Date"]
    assert "http://entraide.test/secret" in server.messages[0].body
    sent = _rows(app)
    assert {(m.status, m.attempts, m.last_error) for m in sent} == {("sent", 2, None)}
    assert all(m.body is None and m.sent_at == clock.now for m in sent)  # no link kept


def test_the_delays_grow_then_the_mail_fails(app, clock, monkeypatch, smtp_server):
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # down
    [mail_id] = _queue(app, "a@exemple.fr")
    waits = []
    for _ in range(5):
        assert send_outbox(app).postponed == 1
        [row] = _rows(app)
        waits.append(int((row.next_attempt_at - clock.now).total_seconds()))
        clock.now = row.next_attempt_at
    assert waits == [60, 300, 1800, 7200, 43200]

    assert send_outbox(app).failed == 1  # the sixth try was the last
    [row] = _rows(app)
    assert (row.id, row.status, row.attempts) == (mail_id, "failed", 6)
    clock.advance(10**6)
    assert send_outbox(app).handled == 0  # failed stays failed
    assert row.body  # kept, for « Réessayer »


def test_an_address_refused_for_good_fails_at_once(app, monkeypatch):
    class RefusesOne:
        def __init__(self):
            self.delivered = []

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("inconnu@"):
                return "550 5.1.1 Unknown user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            self.delivered.extend(envelope.rcpt_tos)
            return "250 OK"

    handler = RefusesOne()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        _point_at(app, monkeypatch, controller.port)
        _queue(app, "inconnu@exemple.fr", "connu@exemple.fr")
        summary = send_outbox(app)
    finally:
        controller.stop()
    assert (summary.sent, summary.failed) == (1, 1)
    assert handler.delivered == ["connu@exemple.fr"]  # the refusal did not stop the batch
    refused, sent = _rows(app)
    assert (refused.status, refused.attempts) == ("failed", 1)
    assert refused.last_error == "Adresse refusée par le serveur de courriel (550)."
    assert sent.status == "sent"


def test_a_lapsed_lease_is_claimed_again(app, clock, smtp_server):
    _queue(app, "a@exemple.fr")
    with app.app_context():
        token, lease_end, [claimed] = services.claim_due()  # then the worker dies
        db.session.remove()
    [row] = _rows(app)
    assert (row.status, row.claimed_by, row.attempts) == ("sending", token, 1)

    assert send_outbox(app).handled == 0  # still its worker's
    clock.now = lease_end
    assert send_outbox(app).handled == 0  # not before the lease is over
    clock.advance(1)
    assert send_outbox(app).sent == 1
    assert len(smtp_server.messages) == 1
    [row] = _rows(app)
    assert (row.status, row.attempts) == ("sent", 2)

    # The dead worker's late answer changes nothing.
    with app.app_context():
        assert services._finish(token, [claimed.id], status="waiting") == 0
        db.session.remove()
    assert _rows(app)[0].status == "sent"


def test_a_stop_hands_the_rest_of_the_batch_back_untried(app, smtp_server):
    _queue(app, "a@exemple.fr", "b@exemple.fr", "c@exemple.fr")
    with app.app_context():
        # SIGTERM arrives while the first mail is being sent.
        summary = services.send_due(should_stop=lambda: len(smtp_server.messages) >= 1)
        db.session.remove()
    assert (summary.sent, summary.released) == (1, 2)
    assert [(m.status, m.attempts) for m in _rows(app)] == [
        ("sent", 1),
        ("waiting", 0),
        ("waiting", 0),
    ]
    assert send_outbox(app).sent == 2
    assert len(smtp_server.messages) == 3


def test_without_mail_server_the_mails_go_to_the_log(app, caplog):
    _queue(app, "a@exemple.fr", body="Lien : http://entraide.test/x")
    with caplog.at_level("INFO", logger="entraide.core.mail"):
        assert send_outbox(app).sent == 1
    assert "SMTP not configured; message not sent: " + SUBJECT in caplog.text
    assert "a@exemple.fr" not in caplog.text  # no address in the log
    assert _rows(app)[0].status == "sent"


def _workers_at_once(app, count: int) -> list[services.Summary]:
    """Workers started at the same instant, each in its own thread and app context."""
    barrier = threading.Barrier(count)
    summaries: list = [None] * count

    def work(index):
        with app.app_context():
            barrier.wait()
            try:
                summaries[index] = services.send_due()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return summaries


@pytest.mark.parametrize("workers", [2, 4])
def test_workers_at_once_send_each_mail_once(app, smtp_server, monkeypatch, workers):
    monkeypatch.setitem(app.config, "OUTBOX_BATCH_SIZE", 2)
    addresses = [f"personne{i}@exemple.fr" for i in range(40)]
    _queue(app, *addresses)

    summaries = _workers_at_once(app, workers)

    assert None not in summaries, "a worker failed"
    assert sum(summary.sent for summary in summaries) == 40
    received = sorted(r for m in smtp_server.messages for r in m.recipients)
    assert received == sorted(addresses)  # each once
    assert {m.status for m in _rows(app)} == {"sent"}


@pytest.mark.parametrize("days, left", [(31, ["waiting"]), (29, ["waiting", "sent", "failed"])])
def test_purge_forgets_old_sent_and_failed_mails(app, clock, days, left):
    ids = _queue(app, "a@exemple.fr", "b@exemple.fr", "c@exemple.fr")
    with app.app_context():
        for mail_id, status in zip(ids, ("waiting", "sent", "failed"), strict=True):
            db.session.get(OutboxMail, mail_id).status = status
        db.session.commit()
        clock.advance(days * 86400)
        services.purge(30)
        db.session.commit()
        db.session.remove()
    assert [m.status for m in _rows(app)] == left


def test_a_mail_that_cannot_be_built_fails_without_stopping_the_others(app, smtp_server):
    _queue(app, "cassée\n@exemple.fr", "bonne@exemple.fr")
    summary = send_outbox(app)
    assert (summary.sent, summary.failed) == (1, 1)
    broken, good = _rows(app)
    assert (broken.status, broken.last_error) == ("failed", "Erreur inattendue (ValueError).")
    assert good.status == "sent"
    assert [m.recipients for m in smtp_server.messages] == [["bonne@exemple.fr"]]
