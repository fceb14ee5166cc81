"""Load the network's two agreements and their budgets from the shipped data
(``data/conventions.csv`` and ``data/budgets.csv``, see ``data/SOURCES.md``).

Idempotent, and never overwrites the coordination's work: a convention already recorded
(same funder and reference) is left as it is, and a statement that already holds amounts
is not reloaded. Used by ``flask conventions import-shared`` and by the demo.
"""

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import resources

from sqlalchemy import select

from ..core.extensions import db
from ..models import Convention, StatementLine
from ..text import format_euros, normalise_key
from . import bookkeeping, services
from .template import INDIRECT, head_of

# The 2022-2023 bilan final d'exécution is where these rows come from: it was produced
# (on a day the data does not give), so that convention's report counts as handed in and
# its statement as final.
REPORT_PRODUCED = {"2021-05918"}
COLUMNS = {"previsionnel": "budget", "realise": "actual"}
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_DECISION_DAY = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _rows(name: str) -> list[dict]:
    text = resources.files("entraide.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value.strip() else None


def decision_day(decision: str) -> date | None:
    """« Commission Permanente du 27 mai 2024 » -> 2024-05-27 (None when no date is named)."""
    match = _DECISION_DAY.search(decision or "")
    if match is None:
        return None
    return date(int(match[3]), MONTHS.index(match[2]) + 1, int(match[1]))


def shared_conventions() -> list[services.ConventionData]:
    return [
        services.ConventionData(
            funder=row["funder"],
            reference=row["reference"],
            beneficiary=row["beneficiary"],
            title=row["title"],
            period_start=date.fromisoformat(row["period_start"]),
            period_end=date.fromisoformat(row["period_end"]),
            aid_amount=Decimal(row["aid_eur"]),
            decision=row["decision"],
            decided_on=decision_day(row["decision"]),
            report_due=_day(row["report_due"]),
            extension_before=_day(row["extension_request_before"]),
            report_sent=row["reference"] in REPORT_PRODUCED,
            notes=f"Source : {row['source']}.",
        )
        for row in _rows("conventions.csv")
    ]


def _find(funder: str, reference: str) -> Convention | None:
    return db.session.scalar(
        select(Convention).where(Convention.funder == funder, Convention.reference == reference)
    )


def _match(children: list[StatementLine], account: str, label: str) -> StatementLine | None:
    """The sub-line a row fills: by number for 86x/87x, else by label (« Déplacements »
    fills « Déplacements, missions »)."""
    if len(account) == 3:
        return next((line for line in children if line.account == account), None)
    key = normalise_key(label)
    for line in children:
        other = normalise_key(line.label)
        if other == key or other.startswith(key) or key.startswith(other):
            return line
    return None


def _load_column(convention, column: str, rows: list[dict], typed: dict, result) -> None:
    """Put one column (budget or réalisé) of the CSV rows on the statement's lines."""
    heads = {line.account: line for line in convention.lines if line.parent_id is None}
    head_amounts: dict[str, Decimal] = {}
    sub_sums: dict[str, Decimal] = defaultdict(Decimal)
    printed: dict[str, Decimal] = {}
    for row in rows:
        account, amount = row["account"], Decimal(row["amount_eur"])
        if account == "total":
            printed[row["side"]] = amount
            continue
        head_account = head_of(account)
        if head_account is None:
            result.warnings.append(f"{convention.reference} : compte inconnu « {account} ».")
            continue
        head = heads[head_account]
        if account == head_account != INDIRECT and head_account not in head_amounts:
            head_amounts[head_account] = amount  # the account's own row, then its sub-lines
            continue
        children = [line for line in convention.lines if line.parent_id == head.id]
        line = _match(children, account, row["label"])
        if line is None:
            line = bookkeeping.add_line(None, convention, head.id, row["label"], None)
        typed.setdefault(line.id, {})[column] = amount
        sub_sums[head_account] += amount
    for head_account, amount in head_amounts.items():
        head = heads[head_account]
        has_children = any(line.parent_id == head.id for line in convention.lines)
        if not has_children:
            typed.setdefault(head.id, {})[column] = amount
        elif sub_sums[head_account] != amount:
            subs = format_euros(sub_sums[head_account])
            result.warnings.append(
                f"{convention.reference} : le compte {head_account} imprime "
                f"{format_euros(amount)}, ses sous-lignes font {subs}."
            )
    _check_totals(convention, column, typed, printed, result)


def _check_totals(convention, column, typed, printed, result) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    sides = {line.id: line.side for line in convention.lines}
    for line_id, values in typed.items():
        totals[sides[line_id]] += values.get(column) or 0
    for side, amount in printed.items():
        if totals[side] != amount:
            result.warnings.append(
                f"{convention.reference} : total imprimé {format_euros(amount)}, "
                f"lignes {format_euros(totals[side])} ({side})."
            )


def _load_statement(convention: Convention, kinds: dict[str, list[dict]], result) -> None:
    if any(line.budget is not None or line.actual is not None for line in convention.lines):
        return  # the coordination (or an earlier import) already entered figures
    typed: dict[int, dict] = {}
    for kind, rows in kinds.items():
        _load_column(convention, COLUMNS[kind], rows, typed, result)
    lines = {line.id: line for line in convention.lines}
    amounts = {
        line_id: bookkeeping.LineAmounts(
            values.get("budget", lines[line_id].budget),
            values.get("actual", lines[line_id].actual),
            lines[line_id].explanation,
        )
        for line_id, values in typed.items()
    }
    if bookkeeping.save_amounts(None, convention, amounts, None):
        result.statements.append(convention.reference)
    if convention.reference in REPORT_PRODUCED:
        # The statement its final report printed: final, as the report was handed in.
        bookkeeping.mark_final(None, convention, None)


def import_shared(actor=None) -> ImportResult:
    """Record the shipped conventions that are missing, and their budgets (flush, audit)."""
    result = ImportResult()
    for data in shared_conventions():
        if _find(data.funder, data.reference) is not None:
            result.kept.append(data.reference)
            continue
        services.create_convention(actor, data)
        result.created.append(data.reference)
    budgets: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows("budgets.csv"):
        budgets[row["convention"]][row["kind"]].append(row)
    funders = {data.reference: data.funder for data in shared_conventions()}
    for reference, kinds in budgets.items():
        convention = _find(funders[reference], reference)
        if convention is not None:
            _load_statement(convention, kinds, result)
    return result
