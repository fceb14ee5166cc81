"""The demo's mails: written when the story happened, delivered then too."""

from ..core.extensions import db
from ..models import OutboxMail


def last_mail_id() -> int:
    """The outbox's last mail before a part of the demo writes its own."""
    return db.session.scalar(db.select(db.func.max(OutboxMail.id))) or 0


def mails_delivered(after_id: int) -> None:
    """The story's mails were delivered when they were written: the outbox shows them sent
    (their body cleared, as the worker does), not months of mail waiting to go."""
    db.session.execute(
        db.update(OutboxMail)
        .where(OutboxMail.id > after_id, OutboxMail.status == "waiting")
        .values(status="sent", sent_at=OutboxMail.created_at, attempts=1, body=None)
    )
