"""What the coordinator set for the report: the hourly rate and the highlights."""

from decimal import Decimal

from sqlalchemy import select

from ...core.extensions import db
from ...models import ReportHighlight, ReportSettings
from ...models.report import DEFAULT_HOURLY_RATE


def hourly_rate() -> Decimal:
    rate = db.session.scalar(select(ReportSettings.hourly_rate).where(ReportSettings.id == 1))
    return Decimal(rate) if rate is not None else DEFAULT_HOURLY_RATE


def highlights(year: int) -> list[ReportHighlight]:
    """The testimonies the coordinator selected for a year (selected = consent to show)."""
    return list(
        db.session.scalars(
            select(ReportHighlight)
            .where(ReportHighlight.year == year)
            .order_by(ReportHighlight.position, ReportHighlight.id)
        )
    )
