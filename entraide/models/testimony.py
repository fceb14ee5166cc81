"""The consent behind a testimony, and the report sent that freezes it.

A testimony (``ReportHighlight``) reaches the funder only once every organisation it
names or comes from has approved its exact text: one ``HighlightApproval`` per such
organisation, about the text whose digest it keeps. Editing the text asks them again.
Once a year's report is marked sent (``ReportSubmission``), the answers about its
testimonies are frozen.
"""

import hashlib
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ._base import check_in, utcnow
from .report import FIRST_REPORT_YEAR, LAST_REPORT_YEAR

# An organisation's answer. "approved": the text as it stands, with its name;
# "approved_anonymous": the text, its name replaced by a description (« une jeune SCIC du
# Ternois »); "refused": the testimony stays out of the report.
APPROVAL_STATUSES = {
    "pending": "Réponse attendue",
    "approved": "Approuvé avec son nom",
    "approved_anonymous": "Approuvé sans son nom",
    "refused": "Refusé",
}
APPROVED = ("approved", "approved_anonymous")


def text_digest(title: str, quote: str) -> str:
    """What an approval is about: the exact text (attribution and quotation)."""
    return hashlib.sha256(f"{title or ''}\n{quote or ''}".encode()).hexdigest()


class HighlightApproval(db.Model):
    """One organisation's answer about one testimony's exact text."""

    __tablename__ = "report_highlight_approval"
    __table_args__ = (
        UniqueConstraint("highlight_id", "organisation_id", name="uq_highlight_approval_org"),
        check_in("status", APPROVAL_STATUSES, "status"),
        CheckConstraint(
            "(status = 'pending') = (answered_at IS NULL)", name="answered_when_not_pending"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    highlight_id: Mapped[int] = mapped_column(
        ForeignKey("report_highlight.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Why it is asked: the text names it, the testimony comes from its parrainage, or both.
    named: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    from_source: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(20), default="pending")
    text_digest: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    highlight = relationship("ReportHighlight")
    organisation = relationship("Organisation")
    answered_by = relationship("User")

    @property
    def status_label(self) -> str:
        return APPROVAL_STATUSES[self.status]

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED


class ReportSubmission(db.Model):
    """A year's report marked as sent to the Département: its testimonies' approvals no
    longer change (nor the testimonies themselves) unless the coordination reopens it."""

    __tablename__ = "report_submission"
    __table_args__ = (
        CheckConstraint(
            f"year BETWEEN {FIRST_REPORT_YEAR} AND {LAST_REPORT_YEAR}", name="year_range"
        ),
    )

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    sent_by = relationship("User")

    @property
    def id(self) -> int:
        """The audit log names a row by its id: here, the year."""
        return self.year
