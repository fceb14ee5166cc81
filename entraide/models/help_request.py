"""Help requests ("appel à l'entraide"): an urgent, short-term call on one theme."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ._base import check_in, utcnow

HELP_STATUSES = {"open": "Ouvert", "closed": "Clos"}


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


class HelpNotification(db.Model):
    """An organisation the app notified as well placed to help."""

    __tablename__ = "help_notification"
    __table_args__ = (
        UniqueConstraint("request_id", "organisation_id", name="uq_help_notification_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("help_request.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    # Why this organisation was chosen, as the ranking said then (empty before 0006).
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    request = relationship("HelpRequest", back_populates="notifications")
    organisation = relationship("Organisation")


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
