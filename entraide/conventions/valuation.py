"""The volunteer valuation of a convention's period: hours noted × the hourly rate.

The same rule as the report's « Valorisation du bénévolat » (``reports.tables``): the
volunteer hours of the pairing meetings and of the group meetings held in the period,
valued at the coordination's hourly rate. It is computed here rather than imported, because
the report reads the conventions (its aid, its deadlines, this statement): a test compares
both figures so that they cannot drift apart.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from ..core.extensions import db
from ..models import FollowUp, GroupMeeting, ReportSettings
from ..models.report import DEFAULT_HOURLY_RATE

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Valuation:
    hours: Decimal
    rate: Decimal

    @property
    def amount(self) -> Decimal:
        return (self.hours * self.rate).quantize(CENT, rounding=ROUND_HALF_UP)


def _hours(model, start: date, end: date) -> Decimal:
    """The volunteer hours of ``model``'s meetings held in the period (a planned or
    cancelled one's hours are not volunteering done, as in the report)."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(model.volunteer_hours), 0)).where(
            model.held_on >= start, model.held_on <= end, model.status == "held"
        )
    )
    return Decimal(total or 0)


def volunteer_valuation(start: date, end: date) -> Valuation:
    """Volunteer hours of the meetings held from ``start`` to ``end`` (included), and the rate."""
    hours = _hours(FollowUp, start, end) + _hours(GroupMeeting, start, end)
    rate = db.session.scalar(select(ReportSettings.hourly_rate).where(ReportSettings.id == 1))
    return Valuation(hours=hours, rate=Decimal(rate) if rate is not None else DEFAULT_HOURLY_RATE)
