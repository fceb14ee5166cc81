"""Settings and selected testimonies of the yearly report to the Département."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db
from ._base import check_in, utcnow

# The 2022-2023 report valued twenty volunteer days at 2 840 €, i.e. 142 € a day, or
# 20,29 € an hour over 7 h: the default rate, which the coordinator changes.
DEFAULT_HOURLY_RATE = Decimal("20.29")
# The years a report or its highlights may be about.
FIRST_REPORT_YEAR, LAST_REPORT_YEAR = 2000, 2100
HIGHLIGHT_SOURCES = {
    "followup": "Rencontre de parrainage",
    "evaluation": "Bilan de parrainage",
    "group_meeting": "Rencontre de groupe",
    "free": "Texte libre",
}


class ReportSettings(db.Model):
    """One row: how volunteer time is valued."""

    __tablename__ = "report_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("hourly_rate >= 0", name="hourly_rate_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    hourly_rate: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=DEFAULT_HOURLY_RATE)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class ReportHighlight(db.Model):
    """A highlight or testimony the coordinator selected for the qualitative part."""

    __tablename__ = "report_highlight"
    __table_args__ = (check_in("source_type", HIGHLIGHT_SOURCES, "source_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    source_type: Mapped[str] = mapped_column(String(20), default="free")
    source_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    quote: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
