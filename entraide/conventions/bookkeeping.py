"""State changes of a convention's financial statement: amounts, sub-lines, final or draft
(flush and audit, never commit; refuse with UserError).

Every change takes the convention's row lock and bumps its version, so that two people
typing amounts at once do not silently overwrite each other: the second is told to reload.
A final statement is frozen: it must go back to draft, audited, before any correction.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from ..core.errors import UserError
from ..core.extensions import db
from ..models import Convention, StatementLine
from ..models._base import utcnow
from ..models.audit import record
from ..text import normalise_key
from . import queries
from .services import check_version
from .statement import ZERO
from .template import VALUATION_ACCOUNTS

log = logging.getLogger(__name__)

FINAL_MESSAGE = "Le bilan financier est définitif : repassez-le en brouillon pour le corriger."
MAX_AUDITED_CHANGES = 100


@dataclass(frozen=True)
class LineAmounts:
    budget: Decimal | None
    actual: Decimal | None
    explanation: str = ""


def _text(value) -> str | None:
    return None if value is None else str(value)


def _touch(convention: Convention) -> None:
    # An UPDATE of the convention's row: its version goes up with every statement change.
    convention.updated_at = utcnow()


def _editable(convention: Convention, expected_version) -> Convention:
    convention = check_version(convention, expected_version)
    if convention.is_final:
        raise UserError(FINAL_MESSAGE, 409)
    return convention


def _line_name(line: StatementLine) -> str:
    return f"{line.account} – {line.label}" if line.parent_id is None else line.label


def save_amounts(actor, convention: Convention, amounts: dict[int, LineAmounts], version) -> int:
    """Write the typed amounts and explanations of the editable lines; return how many
    lines changed (audited once, with each change)."""
    convention = _editable(convention, version)
    lines = {line.id: line for line in convention.lines}
    parents = {line.parent_id for line in lines.values() if line.parent_id is not None}
    unknown = [line_id for line_id in amounts if line_id not in lines or line_id in parents]
    if unknown:
        raise UserError(
            "Le bilan a changé depuis l'ouverture de la page : rien n'a été enregistré.", 409
        )
    changes = []
    for line_id, new in amounts.items():
        line = lines[line_id]
        explanation = (new.explanation or "").strip()
        typed = {"budget": new.budget, "actual": new.actual, "explanation": explanation}
        for field, value in typed.items():
            old = getattr(line, field)
            if field == "explanation":
                same = (old or "") == value
            else:
                same = (None if old is None else Decimal(old)) == value
            if not same:
                changes.append([_line_name(line), field, _text(old), _text(value)])
                setattr(line, field, value)
    if not changes:
        return 0
    _touch(convention)
    db.session.flush()
    record(
        actor,
        convention,
        "statement.update",
        None,
        {
            "reference": convention.reference,
            "lines": len({change[0] for change in changes}),
            "changes": changes[:MAX_AUDITED_CHANGES],
        },
    )
    return len({change[0] for change in changes})


def _renumber(convention: Convention, ordered: list[StatementLine]) -> None:
    for index, line in enumerate(ordered, start=1):
        line.position = index * 10


def add_line(actor, convention: Convention, head_id: int, label: str, version) -> StatementLine:
    """Add a sub-line under an account (its amounts start empty; the first sub-line of an
    account takes over the amounts typed on the account, so that no figure is lost)."""
    convention = _editable(convention, version)
    label = " ".join((label or "").split())
    if not label:
        raise UserError("Donnez un intitulé à la sous-ligne.", 422)
    lines = sorted(convention.lines, key=lambda line: (line.position, line.id))
    head = next((line for line in lines if line.id == head_id and line.parent_id is None), None)
    if head is None:
        raise UserError("Ce compte n'existe pas dans ce bilan.", 404)
    children = [line for line in lines if line.parent_id == head.id]
    if any(normalise_key(line.label) == normalise_key(label) for line in children):
        raise UserError(f"Le compte {head.account} a déjà une sous-ligne « {label} ».", 409)
    line = StatementLine(side=head.side, account=head.account, label=label, parent=head, position=0)
    if not children:
        line.budget, line.actual, line.explanation = head.budget, head.actual, head.explanation
        head.budget, head.actual, head.explanation = None, None, ""
    convention.lines.append(line)
    last = children[-1] if children else head
    ordered = list(lines)
    ordered.insert(ordered.index(last) + 1, line)
    _renumber(convention, ordered)
    _touch(convention)
    db.session.flush()
    record(
        actor,
        convention,
        "statement.line_add",
        None,
        {"reference": convention.reference, "account": head.account, "label": label},
    )
    return line


def remove_line(actor, convention: Convention, line_id: int, version) -> StatementLine:
    """Remove a sub-line and its amounts (an account's own line stays: the form keeps them)."""
    convention = _editable(convention, version)
    line = next((item for item in convention.lines if item.id == line_id), None)
    if line is None:
        raise UserError("Cette ligne n'existe plus dans ce bilan.", 404)
    if line.parent_id is None:
        raise UserError(
            "Un compte du budget ne se retire pas : laissez ses montants vides s'il ne sert pas.",
            409,
        )
    before = {
        "reference": convention.reference,
        "account": line.account,
        "label": line.label,
        "budget": _text(line.budget),
        "actual": _text(line.actual),
    }
    convention.lines.remove(line)
    _touch(convention)
    db.session.flush()
    record(actor, convention, "statement.line_remove", before, None)
    return line


def mark_final(actor, convention: Convention, version) -> Convention:
    """Mark the statement final: refused (409, with every reason) unless charges equal
    produits, 86 equals 87 and every écart beyond 15 % is explained. The volunteer
    valuation shown in 864/870 is written down (0 when no hour is noted yet), so that the
    final figures stay put whatever is logged or changed afterwards."""
    convention = _editable(convention, version)
    statement = queries.statement_of(convention).statement
    problems = statement.problems()
    if problems:
        raise UserError(
            "Le bilan financier ne peut pas encore être marqué définitif : " + " ".join(problems),
            409,
        )
    lines = {line.id: line for line in convention.lines}
    frozen = []
    for row in statement.rows:
        line = lines.get(row.line_id)
        # Every empty 864/870 gets its figure, 0 when no hour is noted yet: left empty,
        # a meeting logged later would fill it and change the final statement.
        if line is not None and line.account in VALUATION_ACCOUNTS and line.actual is None:
            line.actual = row.actual if row.auto else (statement.valuation or ZERO)
            frozen.append([row.account, _text(line.actual)])
    convention.statement_status = "final"
    _touch(convention)
    db.session.flush()
    totals = {section.side: section.total for section in statement.sections}
    record(
        actor,
        convention,
        "statement.final",
        {"status": "draft"},
        {
            "status": "final",
            "reference": convention.reference,
            "charges": _text(totals["charge"].actual or totals["charge"].budget),
            "valuation": frozen,
        },
    )
    return convention


def reopen(actor, convention: Convention, version) -> Convention:
    """Put a final statement back to draft, to correct it."""
    convention = check_version(convention, version)
    if not convention.is_final:
        raise UserError("Le bilan financier est déjà en brouillon.", 409)
    convention.statement_status = "draft"
    _touch(convention)
    db.session.flush()
    record(
        actor,
        convention,
        "statement.reopen",
        {"status": "final"},
        {"status": "draft", "reference": convention.reference},
    )
    return convention
