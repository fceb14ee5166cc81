"""Reading the conventions: the list, those covering a period, the deadlines, a statement.

The report and the dashboard read the conventions through these functions (never the
other way round: see ``valuation``).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ..core.errors import UserError
from ..core.extensions import db
from ..models import Convention, StatementLine
from ..text import format_date, format_euros
from .deadlines import Deadline, deadlines_of
from .statement import Statement, build_statement, statement_table
from .template import VALUATION_ACCOUNTS
from .valuation import Valuation, volunteer_valuation


def all_conventions() -> list[Convention]:
    """Every convention, the most recent period first."""
    return list(
        db.session.scalars(
            select(Convention).order_by(Convention.period_start.desc(), Convention.id.desc())
        )
    )


def covering(start: date, end: date) -> list[Convention]:
    """The conventions whose period overlaps ``start``–``end`` (the aid a report names)."""
    return list(
        db.session.scalars(
            select(Convention)
            .where(Convention.period_start <= end, Convention.period_end >= start)
            .order_by(Convention.period_start, Convention.id)
        )
    )


def aid_mention(conventions: list[Convention]) -> str:
    """« convention n° 2024-03658, aide de 17 500,00 € », or both agreements of a period
    that spans two; "" when no convention covers the period."""
    if len(conventions) == 1:
        return f"{conventions[0].label}, aide de {format_euros(conventions[0].aid_amount)}"
    parts = [f"n° {c.reference} ({format_euros(c.aid_amount)})" for c in conventions]
    if not parts:
        return ""
    return "conventions " + ", ".join(parts[:-1]) + " et " + parts[-1]


def open_deadlines(today: date) -> list[Deadline]:
    """The coming (and missed) deadlines of the conventions whose report is not handed in;
    an extension deadline already passed is left out (nothing can be done about it)."""
    conventions = db.session.scalars(
        select(Convention)
        .where(Convention.report_sent.is_(False))
        .order_by(Convention.period_start, Convention.id)
    )
    found = [
        deadline
        for convention in conventions
        for deadline in deadlines_of(convention, today)
        if not (deadline.kind == "extension" and deadline.passed)
    ]
    return sorted(found, key=lambda deadline: (deadline.day, deadline.convention_id))


def check_within(convention: Convention, start: date, end: date) -> None:
    """Refuse (422, in French) a report period that leaves the convention's period."""
    if not convention.covers(start, end):
        raise UserError(
            f"La période du {format_date(start)} au {format_date(end)} sort de la "
            f"{convention.label} (du {format_date(convention.period_start)} au "
            f"{format_date(convention.period_end)}) : choisissez des dates comprises "
            "dans la convention.",
            422,
        )


@dataclass(frozen=True)
class StatementView:
    statement: Statement
    valuation: Valuation


def lines_of(convention: Convention) -> list[StatementLine]:
    return list(
        db.session.scalars(
            select(StatementLine)
            .where(StatementLine.convention_id == convention.id)
            .order_by(StatementLine.position, StatementLine.id)
        )
    )


def statement_of(convention: Convention) -> StatementView:
    """The convention's statement, 864/870 filled by the valuation of its period."""
    valuation = volunteer_valuation(convention.period_start, convention.period_end)
    statement = build_statement(lines_of(convention), valuation.amount)
    return StatementView(statement, valuation)


def statement_rows(convention: Convention) -> tuple[list[str], list[list]]:
    """The convention's financial statement as ``(headers, rows)`` for the report's files."""
    return statement_table(statement_of(convention).statement)


def statements_for(start: date, end: date) -> list[tuple[Convention, list[str], list[list]]]:
    """The financial statement of each convention covering the period that has one, as
    ``(convention, headers, rows)``: the report's section and sheets."""
    found = []
    for convention in covering(start, end):
        statement = statement_of(convention).statement
        if not statement.is_empty:
            found.append((convention, *statement_table(statement)))
    return found


@dataclass(frozen=True)
class FrozenValuation:
    """The volunteer valuation a final statement wrote down in 864 (« Personnel bénévole »)."""

    convention_label: str
    amount: Decimal


def final_valuation(start: date, end: date) -> FrozenValuation | None:
    """The 864 of a final statement whose convention runs exactly from ``start`` to ``end``
    (the report of that period must say the same figure, whatever the hourly rate or the
    hours noted since); None when there is none (a draft, another period, 864 left empty)."""
    emploi = VALUATION_ACCOUNTS[0]
    row = db.session.execute(
        select(Convention.reference, func.sum(StatementLine.actual))
        .join(StatementLine, StatementLine.convention_id == Convention.id)
        .where(
            Convention.period_start == start,
            Convention.period_end == end,
            Convention.statement_status == "final",
            StatementLine.account == emploi,
            StatementLine.actual.is_not(None),
        )
        .group_by(Convention.id, Convention.reference)
        .order_by(Convention.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    return FrozenValuation(f"convention n° {row[0]}", Decimal(row[1]))
