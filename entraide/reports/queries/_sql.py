"""SQL building blocks shared by the report's queries.

Membership of a period is read from ``Organisation.member_since`` (the day it joined the
network), not from the row's ``created_at`` (the day it was entered here: a census
imported in 2024 holds SCICs that joined in 2022). Without a ``member_since`` the row's
creation is the only evidence: such an organisation counts as a member from then on, but
never as a new one. Archiving is dated: an organisation archived before the end of a
period is no longer a member at that end.
"""

from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from sqlalchemy import and_, case, func, or_

from ...models import Organisation, Pairing
from ..period import Period

ZERO = Decimal("0.00")
TENTH = Decimal("0.1")


def count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def joined_by_end(period: Period):
    """Organisations that had joined the network by the end of the period."""
    return or_(
        Organisation.member_since <= period.end,
        and_(Organisation.member_since.is_(None), Organisation.created_at < period.end_before),
    )


def member_during(period: Period):
    """Organisations that were members at some point of the period."""
    return and_(
        joined_by_end(period),
        or_(Organisation.archived_at.is_(None), Organisation.archived_at >= period.start_at),
    )


def still_member_at_end(period: Period):
    """Among those who joined by the end: not archived before it."""
    return or_(Organisation.archived_at.is_(None), Organisation.archived_at >= period.end_before)


def member_at_end(period: Period):
    """Organisations that were members on the last day of the period."""
    return and_(joined_by_end(period), still_member_at_end(period))


def joined_in(period: Period):
    """Organisations whose known date of joining falls in the period (new members)."""
    return and_(
        Organisation.member_since.is_not(None),
        Organisation.member_since >= period.start,
        Organisation.member_since <= period.end,
    )


def left_in(period: Period):
    """Organisations archived during the period."""
    return and_(
        Organisation.archived_at.is_not(None),
        Organisation.archived_at >= period.start_at,
        Organisation.archived_at < period.end_before,
    )


def held_in(column, period: Period):
    return and_(column >= period.start, column <= period.end)


def mean_of(total, count: int) -> float | None:
    """``total / count`` to one decimal, a half rounded up as a reader does (3, 3, 3, 4:
    3,3, where ``round`` on a float gives 3,2); None when there is nothing to average."""
    if not count:
        return None
    quotient = Decimal(str(total)) / Decimal(count)
    return float(quotient.quantize(TENTH, rounding=ROUND_HALF_UP))


def summary_stats(values: list[int]) -> dict:
    if not values:
        return {"count": 0, "mean": None, "median": None}
    return {
        "count": len(values),
        "mean": mean_of(sum(values), len(values)),
        "median": mean_of(median(values), 1),
    }


def followed_in(period: Period):
    """Parrainages that ran during the period: accepted by both SCICs (started) by its end
    and not ended before its start. Declined or withdrawn proposals never started."""
    return and_(
        Pairing.start_date.is_not(None),
        Pairing.start_date <= period.end,
        or_(Pairing.ended_at.is_(None), Pairing.ended_at >= period.start_at),
    )
