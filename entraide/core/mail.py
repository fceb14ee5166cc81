"""Outgoing mail: SMTP when ``MAIL_SERVER`` is set, otherwise the log."""

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

log = logging.getLogger(__name__)


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
