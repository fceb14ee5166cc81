"""Help requests ("appel à l'entraide"): an urgent, short-term call on one theme."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ._base import check_in, utcnow

HELP_STATUSES = {"open": "Ouvert", "closed": "Clos"}
# How an organisation came to be told of a request.
NOTIFICATION_SOURCES = {
    "match": "à la publication de l'appel",
    "new_offer": "après avoir déclaré une offre sur ce thème",
    "relay": "par la coordination",
}


class HelpRequest(db.Model):
    __tablename__ = "help_request"
    __table_args__ = (check_in("status", HELP_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    theme_code: Mapped[str] = mapped_column(ForeignKey("theme.code"))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    solved: Mapped[bool | None] = mapped_column(Boolean)
    closing_note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    organisation = relationship("Organisation")
    theme = relationship("Theme", lazy="joined")
    answers = relationship("HelpAnswer", back_populates="request", order_by="HelpAnswer.id")
    notifications = relationship("HelpNotification", back_populates="request")
    outside_contacts = relationship(
        "HelpOutsideContact", back_populates="request", order_by="HelpOutsideContact.id"
    )


class HelpNotification(db.Model):
    """An organisation the app notified as well placed to help."""

    __tablename__ = "help_notification"
    __table_args__ = (
        UniqueConstraint("request_id", "organisation_id", name="uq_help_notification_pair"),
        check_in("source", NOTIFICATION_SOURCES, "source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("help_request.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    # Why this organisation was chosen, as the ranking said then (empty before 0006).
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    source: Mapped[str] = mapped_column(String(10), default="match", server_default="match")
    # A relay by the coordination: who relayed it, and the note sent with it.
    relayed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    request = relationship("HelpRequest", back_populates="notifications")
    organisation = relationship("Organisation")
    relayed_by = relationship("User")

    @property
    def source_label(self) -> str:
        return NOTIFICATION_SOURCES.get(self.source, "")


class HelpOutsideContact(db.Model):
    """Someone outside the network (a support body, a consultant) the coordination told.

    Not an account: only the name and address the coordination typed, kept with the
    request (deleted with it) and shown to the coordination and the requester.
    """

    __tablename__ = "help_outside_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_request.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    note: Mapped[str | None] = mapped_column(Text)
    relayed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    request = relationship("HelpRequest", back_populates="outside_contacts")
    relayed_by = relationship("User")


class HelpAnswer(db.Model):
    __tablename__ = "help_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_request.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    message: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    request = relationship("HelpRequest", back_populates="answers")
    organisation = relationship("Organisation")
