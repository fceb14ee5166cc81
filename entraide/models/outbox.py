"""The mail outbox: a mail is a row written with the change that causes it.

A request (or a command) adds the row in its own transaction, so the mail is committed or
rolled back with the change; a separate worker (``flask outbox worker``) delivers it.

States: ``waiting`` (due at ``next_attempt_at``), ``sending`` (claimed by one worker,
``claimed_by``, until ``claimed_until``: a worker that dies leaves its mails to be claimed
again once the lease is over), ``sent`` (the body is then cleared: it may hold a reset
link), ``failed`` (after the last try; the coordination may try again).
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db
from ._base import check_in, utcnow

OUTBOX_STATUSES = {
    "waiting": "En attente",
    "sending": "En cours d'envoi",
    "sent": "Envoyé",
    "failed": "En échec",
}


class OutboxMail(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        check_in("status", OUTBOX_STATUSES, "status"),
        # The workers' question: what is due now (waiting, or sending with a lapsed lease).
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
        CheckConstraint(
            "attachment IS NULL OR (attachment_name IS NOT NULL AND attachment_type IS NOT NULL)",
            name="attachment_named",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(400))
    # None once sent.
    body: Mapped[str | None] = mapped_column(Text)
    # The template's name ("invitation", "reminder"…), to tell the mails apart on the page.
    kind: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # One attached file (a meeting's .ics): its name, MIME type (``text/calendar;
    # method=REQUEST``) and text; the text is cleared with the body once sent.
    attachment_name: Mapped[str | None] = mapped_column(String(100))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment: Mapped[str | None] = mapped_column(Text)
    # Why the last try failed, in French, short; never a password or a message body.
    last_error: Mapped[str | None] = mapped_column(String(300))

    @property
    def status_label(self) -> str:
        return OUTBOX_STATUSES.get(self.status, self.status)
