"""SQL building blocks shared by the report's queries."""

from decimal import Decimal
from statistics import median

from sqlalchemy import and_, case, func, or_

from ...models import Organisation
from ..period import Period

ZERO = Decimal("0.00")


def count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def member_during(period: Period):
    """Organisations that were members at some point of the period."""
    return and_(
        Organisation.created_at < period.end_before,
        or_(Organisation.archived_at.is_(None), Organisation.archived_at >= period.start_at),
    )


def held_in(column, period: Period):
    return and_(column >= period.start, column <= period.end)


def summary_stats(values: list[int]) -> dict:
    if not values:
        return {"count": 0, "mean": None, "median": None}
    return {
        "count": len(values),
        "mean": round(sum(values) / len(values), 1),
        "median": round(float(median(values)), 1),
    }
