"""``flask outbox send | status | worker``, and the worker stopped by SIGTERM."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from entraide.core.extensions import db
from entraide.models import OutboxMail
from entraide.models._base import utcnow
from entraide.outbox import services
from entraide.outbox.cli import run_worker
from entraide.outbox.labels import age_fr
from tests.conftest import build_sqlite_app
from tests.smtp import free_port, start_smtp_server

ROOT = Path(__file__).resolve().parents[2]


def _queue(app, *addresses, **columns):
    with app.app_context():
        mails = services.queue(list(addresses), "reminder", "Relance", "Corps de la relance")
        for mail in mails:
            for name, value in columns.items():
                setattr(mail, name, value)
        db.session.commit()
        db.session.remove()


def _wait_for(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_status_counts_the_mails_by_state(app, runner):
    _queue(app, "a@exemple.fr", created_at=utcnow() - timedelta(minutes=12, seconds=5))
    _queue(app, "b@exemple.fr")
    _queue(app, "c@exemple.fr", status="failed", attempts=6)
    _queue(app, "d@exemple.fr", status="sent", body=None)

    result = runner.invoke(args=["outbox", "status"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "En attente : 2 (le plus ancien attend depuis 12 min)",
        "En cours d'envoi : 0",
        "En échec : 1",
        "Envoyés (gardés 30 jours) : 1",
        "SMTP non configuré (MAIL_SERVER) : les courriels sont écrits dans le journal.",
    ]


def test_status_of_an_empty_outbox_and_a_configured_server(app, runner, smtp_server):
    result = runner.invoke(args=["outbox", "status"])
    assert result.output.splitlines()[0] == "En attente : 0"
    assert f"Serveur de courriel : 127.0.0.1:{smtp_server.port}." in result.output


def test_send_says_what_it_did(app, runner, smtp_server):
    assert runner.invoke(args=["outbox", "send"]).output == "Aucun courriel à envoyer.\n"
    _queue(app, "a@exemple.fr", "b@exemple.fr")
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0
    assert result.output == "2 courriels envoyés.\n"
    assert len(smtp_server.messages) == 2


def test_age_in_french():
    now = utcnow()
    assert age_fr(now - timedelta(seconds=20), now) == "moins d'une minute"
    assert age_fr(now - timedelta(minutes=59), now) == "59 min"
    assert age_fr(now - timedelta(hours=3, minutes=5), now) == "3 h 05"
    assert age_fr(now - timedelta(days=3), now) == "3 jours"


def test_the_worker_delivers_as_mails_come_and_stops_when_asked(
    app, smtp_server, monkeypatch, capsys
):
    monkeypatch.setitem(app.config, "OUTBOX_POLL_SECONDS", 0.05)
    stop = threading.Event()

    def work():
        with app.app_context():
            run_worker(stop)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        _queue(app, "a@exemple.fr")
        assert _wait_for(lambda: len(smtp_server.messages) == 1)
        _queue(app, "b@exemple.fr")
        assert _wait_for(lambda: len(smtp_server.messages) == 2)
    finally:
        stop.set()
        worker.join(timeout=10)
    assert not worker.is_alive()
    out = capsys.readouterr().out
    assert out.startswith("Envoi des courriels en file, toutes les 0.05 s. Serveur de courriel")
    assert out.count("UTC : 1 courriel envoyé.") == 2
    assert out.endswith("Envoi des courriels arrêté.\n")
    with app.app_context():
        assert set(db.session.scalars(db.select(OutboxMail.status))) == {"sent"}


def test_the_worker_command_stops_cleanly_on_sigterm(tmp_path):
    """The real command, as systemd runs it: it delivers, then SIGTERM ends it (status 0)."""
    port = free_port()
    server, controller = start_smtp_server(port)
    built = build_sqlite_app(tmp_path)
    try:
        with built.app_context():
            services.queue(["a@exemple.fr"], "reminder", "Relance", "Corps")
            db.session.commit()
            db.session.remove()
        environment = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": built.config["SQLALCHEMY_DATABASE_URI"],
            "ENTRAIDE_INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "tests-only-secret",
            "BASE_URL": "http://entraide.test",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(port),
            "OUTBOX_POLL_SECONDS": "1",
        }
        worker = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "flask", "--app", "entraide", "outbox", "worker"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert _wait_for(lambda: len(server.messages) == 1, 30)
            worker.send_signal(signal.SIGTERM)
            out, err = worker.communicate(timeout=20)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
    finally:
        controller.stop()
        with built.app_context():
            db.engine.dispose()
    assert worker.returncode == 0, err
    assert "1 courriel envoyé." in out
    assert "Arrêt demandé" in out and out.endswith("Envoi des courriels arrêté.\n")
    assert server.messages[0].recipients == ["a@exemple.fr"]


def test_the_worker_settings_come_from_the_environment():
    from entraide.core.config import DEFAULTS, from_environment

    assert DEFAULTS["OUTBOX_RETRY_DELAYS"] == [60, 300, 1800, 7200, 43200]
    settings = from_environment(
        {
            "OUTBOX_RETRY_DELAYS": "30, 90,600",
            "OUTBOX_POLL_SECONDS": "2",
            "OUTBOX_BATCH_SIZE": "50",
            "OUTBOX_LEASE_SECONDS": "900",
            "OUTBOX_RETENTION_DAYS": "60",
        }
    )
    assert settings == {
        "OUTBOX_RETRY_DELAYS": [30, 90, 600],
        "OUTBOX_POLL_SECONDS": 2,
        "OUTBOX_BATCH_SIZE": 50,
        "OUTBOX_LEASE_SECONDS": 900,
        "OUTBOX_RETENTION_DAYS": 60,
    }
