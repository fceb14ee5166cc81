"""The mails the app queued, as the tests read them, and their delivery.

No request talks to SMTP: a mail is a row of the outbox, written with the change that
causes it. ``QueuedMails`` reads those rows afresh at each use (a list of
``{"to", "subject", "body", "kind", "status"}``, oldest first); ``send_outbox`` runs what
``flask outbox send`` runs, to a test SMTP server (tests/smtp.py) or to the log.
"""

from collections.abc import Sequence

from entraide.core.extensions import db
from entraide.models import OutboxMail
from entraide.outbox import services


class QueuedMails(Sequence):
    """Every mail of the outbox (committed), read at each access."""

    def __init__(self, app, kind: str | None = None):
        self._app = app
        self._kind = kind

    def _rows(self) -> list[dict]:
        with self._app.app_context():
            query = db.select(OutboxMail).order_by(OutboxMail.id)
            if self._kind:
                query = query.filter_by(kind=self._kind)
            return [
                {
                    "to": mail.recipient,
                    "subject": mail.subject,
                    "body": mail.body,
                    "kind": mail.kind,
                    "status": mail.status,
                }
                for mail in db.session.scalars(query)
            ]

    def __getitem__(self, index):
        return self._rows()[index]

    def __len__(self) -> int:
        return len(self._rows())

    def __iter__(self):
        return iter(self._rows())

    def __eq__(self, other) -> bool:
        return self._rows() == list(other)

    def __repr__(self) -> str:
        return f"QueuedMails({self._rows()!r})"


def send_outbox(app) -> services.Summary:
    """Deliver every mail due now, as ``flask outbox send`` does."""
    with app.app_context():
        try:
            return services.send_due()
        finally:
            db.session.remove()
