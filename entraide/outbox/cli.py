"""``flask --app entraide outbox worker | send | status``: deliver and watch the outbox."""

import logging
import signal
import sys
import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import DBAPIError

from ..core.extensions import db
from ..models._base import utcnow
from ..text import plural
from . import services
from .labels import age_fr

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600


def _say(message: str, err: bool = False) -> None:
    # Flushed at once: under systemd stdout is a pipe, which Python would buffer.
    click.echo(message, err=err)
    (sys.stderr if err else sys.stdout).flush()


def _smtp_line() -> str:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return "SMTP non configuré (MAIL_SERVER) : les courriels sont écrits dans le journal."
    return f"Serveur de courriel : {config['MAIL_SERVER']}:{config['MAIL_PORT']}."


@click.group("outbox")
def outbox_group():
    """Courriels en file d'envoi : les envoyer, suivre leur état."""


@outbox_group.command("send")
@with_appcontext
def send_command():
    """Envoyer les courriels dus, puis s'arrêter (cron, tests)."""
    summary = services.send_due()
    if not summary.handled:
        _say("Aucun courriel à envoyer.")
        return
    _say(summary.french())
    if not current_app.config.get("MAIL_SERVER") and summary.sent:
        _say(_smtp_line())


@outbox_group.command("status")
@with_appcontext
def status_command():
    """Compter les courriels par état."""
    counts = services.counts()
    oldest = services.oldest_waiting()
    backlog = counts["waiting"] + counts["sending"]
    days = current_app.config["OUTBOX_RETENTION_DAYS"]
    line = f"En attente : {counts['waiting']}"
    if backlog:
        line += f" (le plus ancien attend depuis {age_fr(oldest)})"
    _say(line)
    _say(f"En cours d'envoi : {counts['sending']}")
    _say(f"En échec : {counts['failed']}")
    _say(f"Envoyés (gardés {days} jours) : {counts['sent']}")
    _say(_smtp_line())


@outbox_group.command("worker")
@with_appcontext
def worker_command():
    """Envoyer les courriels au fil de l'eau jusqu'à l'arrêt (systemd, conteneur).

    SIGTERM ou Ctrl+C : le courriel en cours part, les autres restent en file.
    """
    stop = threading.Event()

    def ask_to_stop(signum, _frame):
        if not stop.is_set():
            _say("Arrêt demandé : fin de l'envoi en cours, les autres courriels restent en file.")
        stop.set()

    previous = {
        signum: signal.signal(signum, ask_to_stop) for signum in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        run_worker(stop)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_worker(stop: threading.Event) -> None:
    """The worker's loop: deliver what is due, wait ``OUTBOX_POLL_SECONDS``, until ``stop``."""
    config = current_app.config
    poll = float(config["OUTBOX_POLL_SECONDS"])
    _say(f"Envoi des courriels en file, toutes les {poll:g} s. {_smtp_line()}")
    last_purge = None
    while not stop.is_set():
        try:
            summary = services.send_due(should_stop=stop.is_set)
            if summary.handled:
                _say(f"{utcnow():%Y-%m-%d %H:%M:%S} UTC : {summary.french()}")
            if last_purge is None or time.monotonic() - last_purge >= PURGE_EVERY_SECONDS:
                purged = services.purge(int(config["OUTBOX_RETENTION_DAYS"]))
                db.session.commit()
                last_purge = time.monotonic()
                if purged:
                    removed = plural(purged, "ancien courriel", "anciens courriels")
                    _say(f"{removed} supprimé{'s' if purged > 1 else ''} de la file.")
        except DBAPIError:
            # The database restarts, say: try again at the next round.
            log.exception("outbox worker: database error")
            _say("Base de données injoignable : nouvel essai dans un moment.", err=True)
        finally:
            db.session.remove()
        stop.wait(poll)
    _say("Envoi des courriels arrêté.")
