"""Outgoing mail: the templates, and the SMTP transport (the log without ``MAIL_SERVER``).

No request sends mail: they queue it in the outbox (``entraide.outbox``), whose worker
delivers it through :class:`Transport`.

Every message is a template of ``templates/email/`` (plain text): a first line
``Subject: …``, a blank line, then the body. :func:`render_mail` renders it with the
pages' Jinja environment (same filters and globals, ``date_fr`` included), in an overlay
suited to text: ``trim_blocks`` and ``lstrip_blocks``, so that a line holding only a
``{% tag %}`` leaves nothing behind. ``.txt`` is not autoescaped: ``&`` and ``<`` in a
name come out as they are.

A mail may carry one :class:`Attachment`. A calendar (``text/calendar; method=…``, a
meeting's invitation or cancellation) goes the way calendar applications expect it:
the text and the calendar as two alternatives of one part (Gmail, Outlook and
Thunderbird then offer « Ajouter à l'agenda »), and the same calendar attached as
``rencontre.ics`` for the others.
"""

import logging
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import Flask, current_app
from jinja2 import Environment

log = logging.getLogger(__name__)

SUBJECT = "Subject:"
_ENV_KEY = "entraide_mail_jinja"
MESSAGE_ID_DOMAIN = "entraide.local"


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


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "text/calendar; method=REQUEST"
    content: str

    @property
    def parameters(self) -> dict[str, str]:
        """The MIME type's parameters ("method" → "REQUEST"), the charset excepted."""
        found = {}
        for part in self.content_type.split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip() and name.strip().lower() != "charset":
                found[name.strip().lower()] = value.strip().strip('"')
        return found

    @property
    def maintype(self) -> str:
        return self.content_type.split(";")[0].strip().split("/")[0]

    @property
    def subtype(self) -> str:
        return self.content_type.split(";")[0].strip().split("/")[1]

    def describe(self) -> str:
        """For the log: name, type and size, never the content."""
        size = len(self.content.encode())
        return f"{self.filename} ({self.content_type}, {size} octets)"


def build_message(
    sender: str,
    to: str,
    subject: str,
    body: str,
    message_id: str | None = None,
    attachment: Attachment | None = None,
) -> EmailMessage:
    """The message as it is sent (module docstring for the attachment's shape)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id or make_msgid(domain=MESSAGE_ID_DOMAIN)
    message.set_content(body)
    if attachment is None:
        return message
    # Bytes, base64: the file's own line ends (CRLF for iCalendar) reach the reader.
    data = attachment.content.encode()
    params = attachment.parameters
    if attachment.maintype == "text":
        params["charset"] = "utf-8"
    if attachment.content_type.startswith("text/calendar"):
        message.add_alternative(data, maintype="text", subtype="calendar", params=params)
    message.add_attachment(
        data,
        maintype=attachment.maintype,
        subtype=attachment.subtype,
        filename=attachment.filename,
        params=params,
    )
    return message


class DeliveryError(Exception):
    """A mail did not go; the message says why, in French, without any secret.

    ``permanent``: the server refused it for good (5xx, e.g. an unknown address); trying
    again would not help.
    """

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(str(text).split())[:120]


def _describe(error: Exception) -> DeliveryError:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply_text in error.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return DeliveryError(
            f"Adresse refusée par le serveur de courriel ({', '.join(map(str, codes))}).",
            permanent,
        )
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return DeliveryError(
            f"Identifiants refusés par le serveur de courriel ({error.smtp_code})."
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return DeliveryError(
            f"Le serveur de courriel a répondu {error.smtp_code} : {_reply(error)}",
            error.smtp_code >= 500,
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return DeliveryError("La connexion au serveur de courriel a été coupée.")
    if isinstance(error, smtplib.SMTPException):
        return DeliveryError(f"Erreur SMTP ({type(error).__name__}).")
    if isinstance(error, TimeoutError):
        return DeliveryError("Le serveur de courriel ne répond pas (délai dépassé).")
    if isinstance(error, ConnectionRefusedError):
        reason = "connexion refusée"
    elif isinstance(error, socket.gaierror):
        reason = "nom du serveur introuvable"
    elif isinstance(error, ssl.SSLError):
        reason = "échec du chiffrement TLS"
    else:
        reason = f"erreur réseau {type(error).__name__}"
    return DeliveryError(f"Serveur de courriel injoignable ({reason}).")


class Transport:
    """Delivers messages over one SMTP connection, opened at the first one.

    ``with Transport(config) as transport: transport.send(…)``. Without ``MAIL_SERVER``
    each message goes to the log (without the address, which is personal data). Once the
    server could not be reached, the next messages fail at once with the same reason
    instead of waiting ``MAIL_TIMEOUT`` each.
    """

    def __init__(self, config):
        self.config = config
        self.configured = bool(config.get("MAIL_SERVER"))
        self._smtp = None
        self._unreachable: DeliveryError | None = None

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()

    def _connect(self):
        config = self.config
        smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        smtp = smtp_class(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        )
        try:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(
        self,
        to: str,
        subject: str,
        body: str,
        message_id: str | None = None,
        attachment: Attachment | None = None,
    ) -> None:
        """Send one message; raise :class:`DeliveryError` when it did not go."""
        message = build_message(
            self.config["MAIL_DEFAULT_SENDER"], to, subject, body, message_id, attachment
        )
        if not self.configured:
            joined = f"\nPièce jointe : {attachment.describe()}" if attachment else ""
            log.info("SMTP not configured; message not sent: %s\n%s%s", subject, body, joined)
            return
        if self._unreachable is not None:
            raise self._unreachable
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except (OSError, smtplib.SMTPException) as error:
                self._unreachable = _describe(error)
                log.warning("SMTP connection failed: %s", self._unreachable)
                raise self._unreachable from error
        try:
            self._smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            problem = _describe(error)
            if not isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException):
                # The connection is in an unknown state: the next message opens a new one.
                self._smtp.close()
                self._smtp = None
            log.warning("SMTP delivery failed: %s", problem)
            raise problem from error
