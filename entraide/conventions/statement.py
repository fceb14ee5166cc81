"""A convention's financial statement computed from its lines (pure: plain values in, plain
values out; no query).

Budget (prévisionnel), réalisé, écart in euros and in percent, line by line; an account
with sub-lines adds them up; totals per side. As the Cerfa 15059 compte rendu financier
asks, a line whose réalisé departs from its budget by more than 15 % needs an explanation;
charges must equal produits and the contributions' use (86) their resources (87). The
volunteer valuation (hours × hourly rate) fills 864 and 870 when they are left empty.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from ..models.convention import STATEMENT_SIDES
from ..text import format_euros, name_list
from .template import VALUATION_ACCOUNTS, account_label

# Beyond this share of the budget, an écart needs an explanation (Cerfa 15059 practice).
THRESHOLD = Decimal("0.15")
ZERO = Decimal("0.00")
TOTAL_LABELS = {
    "charge": "TOTAL DES CHARGES",
    "produit": "TOTAL DES PRODUITS",
    "contribution_emploi": "TOTAL DES EMPLOIS (86)",
    "contribution_ressource": "TOTAL DES CONTRIBUTIONS (87)",
}
HEADERS = [
    "Compte",
    "Intitulé",
    "Prévisionnel (€)",
    "Réalisé (€)",
    "Écart (€)",
    "Écart (%)",
    "Explication de l'écart",
]


class LineLike(Protocol):
    id: int
    parent_id: int | None
    side: str
    account: str
    label: str
    position: int
    budget: Decimal | None
    actual: Decimal | None
    explanation: str


@dataclass
class Row:
    """One printed line: an account (head), a sub-line (sub) or a side's total (total)."""

    kind: str
    side: str
    account: str
    label: str
    budget: Decimal | None
    actual: Decimal | None
    line_id: int | None = None
    parent_id: int | None = None
    editable: bool = False  # a line whose amounts are typed (no sub-lines)
    auto: bool = False  # the réalisé is the volunteer valuation, not typed
    explanation: str = ""
    gap: Decimal | None = None
    gap_percent: Decimal | None = None  # in percent, one decimal; None when budget is 0
    over_threshold: bool = False

    @property
    def needs_explanation(self) -> bool:
        """An editable line beyond the threshold whose explanation is still empty."""
        return self.editable and self.over_threshold and not self.explanation.strip()

    @property
    def number(self) -> str:
        """The account column: an account's number, a sub-account's (864), else empty."""
        if self.kind == "head" or len(self.account) == 3:
            return account_label(self.account)
        return ""

    @property
    def name(self) -> str:
        """« 62 – Autres services extérieurs », « Traiteur (62) »: how messages name it."""
        number = account_label(self.account)
        if self.kind == "sub":
            return f"{self.label} ({number})" if number else self.label
        return f"{number} – {self.label}" if number else self.label


@dataclass
class Section:
    side: str
    title: str
    rows: list[Row]
    total: Row


@dataclass(frozen=True)
class Balance:
    """Two totals that must be equal, in one column (prévisionnel or réalisé)."""

    column: str  # "budget" or "actual"
    left_label: str
    left: Decimal
    right_label: str
    right: Decimal

    @property
    def balanced(self) -> bool:
        return self.left == self.right

    @property
    def difference(self) -> Decimal:
        return self.left - self.right

    @property
    def text(self) -> str:
        column = "prévisionnel" if self.column == "budget" else "réalisé"
        if self.balanced:
            return (
                f"{column.capitalize()} : {self.left_label} = {self.right_label} "
                f"({format_euros(self.left)})."
            )
        return (
            f"{column.capitalize()} déséquilibré : {self.left_label} {format_euros(self.left)}"
            f" ≠ {self.right_label} {format_euros(self.right)} "
            f"(écart de {format_euros(abs(self.difference))})."
        )


@dataclass
class Statement:
    sections: list[Section]
    has_budget: bool
    has_actual: bool
    valuation: Decimal | None
    balances: list[Balance] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    @property
    def is_empty(self) -> bool:
        """Nothing typed (the volunteer valuation alone is not a statement)."""
        return not any(
            row.budget is not None or (row.actual is not None and not row.auto)
            for row in self.rows
            if row.editable
        )

    @property
    def has_typed_actual(self) -> bool:
        """Some réalisé is typed outside 864/870: the valuation alone (filled, or written
        down by a former finalisation) is not a realised statement."""
        return any(
            row.actual is not None and not row.auto and row.account not in VALUATION_ACCOUNTS
            for row in self.rows
            if row.editable
        )

    @property
    def missing_explanations(self) -> list[Row]:
        return [row for row in self.rows if row.needs_explanation]

    @property
    def balanced(self) -> bool:
        return all(balance.balanced for balance in self.balances)

    def problems(self) -> list[str]:
        """Why the statement cannot be marked final yet, in French (empty: it can)."""
        if self.is_empty:
            return ["Aucun montant n'est saisi."]
        found = [balance.text for balance in self.balances if not balance.balanced]
        if not self.has_typed_actual:
            # A forecast alone may balance: it is not yet a bilan of what was done (and its
            # écarts against an empty réalisé are not worth listing).
            return ["Aucun montant réalisé n'est saisi.", *found]
        missing = self.missing_explanations
        if missing:
            names = name_list((f"« {row.name} »" for row in missing), 10)
            found.append(
                f"Écart de plus de 15 % sans explication : {names}."
                if len(missing) == 1
                else f"Écarts de plus de 15 % sans explication : {names}."
            )
        return found


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [value for value in values if value is not None]
    return sum(known, ZERO) if known else None


def _gap(row: Row) -> None:
    """Écart = réalisé − prévisionnel (an empty amount counts as zero)."""
    if row.budget is None and row.actual is None:
        return
    budget, actual = row.budget or ZERO, row.actual or ZERO
    row.gap = actual - budget
    if budget:
        ratio = row.gap / budget
        row.gap_percent = (ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        row.over_threshold = abs(ratio) > THRESHOLD
    else:
        row.over_threshold = actual != 0


def _rows_of(side: str, lines: list, children: dict, valuation) -> list[Row]:
    rows = []
    for head in (line for line in lines if line.side == side and line.parent_id is None):
        subs = []
        for line in children.get(head.id, []):
            # Only a valuation worth something: a forecast's empty réalisé stays empty.
            auto = line.actual is None and bool(valuation) and line.account in VALUATION_ACCOUNTS
            subs.append(
                Row(
                    "sub",
                    side,
                    line.account,
                    line.label,
                    line.budget,
                    valuation if auto else line.actual,
                    line_id=line.id,
                    parent_id=head.id,
                    editable=True,
                    auto=auto,
                    explanation=line.explanation or "",
                )
            )
        budget = _sum(s.budget for s in subs) if subs else head.budget
        actual = _sum(s.actual for s in subs) if subs else head.actual
        rows.append(
            Row(
                "head",
                side,
                head.account,
                head.label,
                budget,
                actual,
                line_id=head.id,
                editable=not subs,
                explanation=(head.explanation or "") if not subs else "",
            )
        )
        rows.extend(subs)
    return rows


def build_statement(lines: Iterable[LineLike], valuation: Decimal | None = None) -> Statement:
    """The statement of these lines; ``valuation`` fills the empty 864 and 870 réalisé."""
    lines = sorted(lines, key=lambda line: (line.position, line.id))
    children: dict[int, list] = {}
    for line in lines:
        if line.parent_id is not None:
            children.setdefault(line.parent_id, []).append(line)
    sections = []
    for side, title in STATEMENT_SIDES.items():
        rows = _rows_of(side, lines, children, valuation)
        heads = [row for row in rows if row.kind == "head"]
        total = Row(
            "total",
            side,
            "",
            TOTAL_LABELS[side],
            _sum(row.budget for row in heads),
            _sum(row.actual for row in heads),
        )
        sections.append(Section(side, title, rows, total))
    editable = [row for section in sections for row in section.rows if row.editable]
    has_budget = any(row.budget is not None for row in editable)
    has_actual = any(row.actual is not None for row in editable)
    if has_budget and has_actual:
        for section in sections:
            for row in [*section.rows, section.total]:
                _gap(row)
    statement = Statement(sections, has_budget, has_actual, valuation)
    statement.balances = _balances(statement)
    return statement


def _balances(statement: Statement) -> list[Balance]:
    totals = {section.side: section.total for section in statement.sections}
    found = []
    for column, present in (("budget", statement.has_budget), ("actual", statement.has_actual)):
        if not present:
            continue

        def total(side: str, column: str = column) -> Decimal:
            return getattr(totals[side], column) or ZERO

        found.append(Balance(column, "charges", total("charge"), "produits", total("produit")))
        found.append(
            Balance(
                column,
                "emplois (86)",
                total("contribution_emploi"),
                "contributions (87)",
                total("contribution_ressource"),
            )
        )
    return found


def statement_table(statement: Statement) -> tuple[list[str], list[list]]:
    """The statement as ``(headers, rows)`` for the report's files: amounts as Decimal
    (None when not entered), the écart's percent as a Decimal in percent (one decimal)."""
    rows: list[list] = []
    for section in statement.sections:
        rows.append(["", section.title.upper(), None, None, None, None, ""])
        for row in [*section.rows, section.total]:
            label = f"– {row.label}" if row.kind == "sub" else row.label
            if row.auto:
                label += " (valorisation du bénévolat)"
            rows.append(
                [
                    row.number,
                    label,
                    row.budget,
                    row.actual,
                    row.gap,
                    row.gap_percent,
                    row.explanation,
                ]
            )
    return list(HEADERS), rows
