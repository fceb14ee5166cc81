"""What the coordinator set for the report: the hourly rate (the aid is the conventions').

The testimonies are read through ``testimonies.queries``, which keeps out of the funder's
report every text not approved by the organisations it concerns.
"""

from decimal import Decimal

from sqlalchemy import select

from ...core.extensions import db
from ...models import ReportSettings
from ...models.report import DEFAULT_HOURLY_RATE

_RATE = select(ReportSettings.hourly_rate).where(ReportSettings.id == 1)


def hourly_rate() -> Decimal:
    rate = db.session.scalar(_RATE)
    return Decimal(rate) if rate is not None else DEFAULT_HOURLY_RATE
