"""The coordination's account of each axis of the agreement's programme, per report year.

Article 6 asks for « un descriptif des conditions de sa réalisation et des résultats
obtenus »: one row per year and axis, three texts the report prints under the axis.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db
from ._base import utcnow
from .action import AXES
from .report import FIRST_REPORT_YEAR, LAST_REPORT_YEAR

NARRATIVE_AXES = tuple(AXES)  # the programme's four axes
# The three parts, in the order the report prints them.
NARRATIVE_PARTS = {
    "conditions": "Conditions de réalisation",
    "results": "Résultats obtenus",
    "perspectives": "Perspectives",
}
MAX_NARRATIVE_LENGTH = 5000


class AxisNarrative(db.Model):
    __tablename__ = "axis_narrative"
    __table_args__ = (
        UniqueConstraint("year", "axis", name="uq_axis_narrative_year_axis"),
        CheckConstraint("axis BETWEEN 1 AND 4", name="axis_range"),
        CheckConstraint(
            f"year BETWEEN {FIRST_REPORT_YEAR} AND {LAST_REPORT_YEAR}", name="year_range"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    axis: Mapped[int] = mapped_column(Integer)
    conditions: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    perspectives: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, part).strip() for part in NARRATIVE_PARTS)
