"""The period of a dashboard or report: parsed and checked here (pure, French errors)."""

from dataclasses import dataclass
from datetime import date, datetime

from ..core.errors import UserError
from ..text import local_day_end, local_day_start

__all__ = ["Period", "parse_period", "year_period"]

# Ten years at most: enough for any report, and it keeps a mistyped year from scanning all.
MAX_DAYS = 3660
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    @property
    def start_at(self) -> datetime:
        """When the period starts in Paris, as stored times are written (naive UTC)."""
        return local_day_start(self.start)

    @property
    def end_before(self) -> datetime:
        """First instant after the period in Paris (timestamps are compared with ``<``)."""
        return local_day_end(self.end)

    @property
    def year(self) -> int:
        """The year the highlights are filed under: that of the period's end."""
        return self.end.year

    @property
    def label(self) -> str:
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return f"année {self.start.year}"
        return f"du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"

    @property
    def slug(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def _parse_day(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(
            f"Date {what} invalide : « {value[:20]} » (format attendu : AAAA-MM-JJ).", 422
        ) from None


def check_period(start: date, end: date) -> Period:
    if end < start:
        raise UserError("La date de fin doit être égale ou postérieure à la date de début.", 422)
    if (end - start).days > MAX_DAYS:
        raise UserError("La période ne peut pas dépasser dix ans.", 422)
    if start.year < FIRST_YEAR or end.year > LAST_YEAR:
        # 9999-12-31 would overflow in Period.end_before (a 500).
        raise UserError(f"Les dates vont de {FIRST_YEAR} à {LAST_YEAR}.", 422)
    return Period(start, end)


def parse_period(start: str | None, end: str | None, today: date) -> Period:
    """Both dates empty: the current calendar year; one empty: the year of the other."""
    start, end = (start or "").strip(), (end or "").strip()
    if not start and not end:
        return year_period(today.year)
    first = _parse_day(start, "de début") if start else None
    last = _parse_day(end, "de fin") if end else None
    first = first or date(last.year, 1, 1)
    last = last or date(first.year, 12, 31)
    return check_period(first, last)
