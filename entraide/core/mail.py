"""Outgoing mail: SMTP when ``MAIL_SERVER`` is set, otherwise the log.

Every message is a template of ``templates/email/`` (plain text): a first line
``Subject: …``, a blank line, then the body. :func:`render_mail` renders it with the
pages' Jinja environment (same filters and globals, ``date_fr`` included), in an overlay
suited to text: ``trim_blocks`` and ``lstrip_blocks``, so that a line holding only a
``{% tag %}`` leaves nothing behind. ``.txt`` is not autoescaped: ``&`` and ``<`` in a
name come out as they are.
"""

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import Flask, current_app
from jinja2 import Environment

log = logging.getLogger(__name__)

SUBJECT = "Subject:"
_ENV_KEY = "entraide_mail_jinja"


def _mail_environment(app: Flask) -> Environment:
    env = app.extensions.get(_ENV_KEY)
    if env is None:
        # Own template cache (cache_size): the pages' one may hold templates compiled
        # without trim_blocks.
        env = app.jinja_env.overlay(trim_blocks=True, lstrip_blocks=True, cache_size=100)
        app.extensions[_ENV_KEY] = env
    return env


def render_mail(template: str, **context) -> tuple[str, str]:
    """Render ``templates/<template>``; return its subject (one line) and its body."""
    app = current_app._get_current_object()
    app.update_template_context(context)
    text = _mail_environment(app).get_template(template).render(context)
    head, blank, body = text.partition("\n\n")
    if not blank or not head.startswith(SUBJECT):
        raise ValueError(f"{template} must start with a '{SUBJECT} …' line and a blank line")
    # A header is one line, whatever the names put in it.
    subject = " ".join(head.removeprefix(SUBJECT).split())
    return subject, body.rstrip("\n") + "\n"


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send a French plain-text message; return True when it went through SMTP.

    Without SMTP the message is logged (without the address, which is personal data)
    and callers show the link on screen to the coordinator instead.
    """
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="entraide.local")
    message.set_content(body)
    if not config.get("MAIL_SERVER"):
        log.info("SMTP not configured; message not sent: %s\n%s", subject, body)
        return False
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_class(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        ) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        # A mail server that is down must not lose the user's action: callers fall back.
        log.exception("SMTP delivery failed: %s", subject)
        return False
    return True
