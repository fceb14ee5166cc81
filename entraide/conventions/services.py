"""State changes of the conventions themselves: enter, correct, remove (flush and audit,
never commit; refuse with UserError).

A convention is created with its financial statement in the form of the 2024 budget
(``template``). A correction made from a page loaded before someone else's change is
refused (the page's version is compared, then the row's own version at flush).
"""

import logging
from dataclasses import asdict, dataclass, fields
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock_at_version
from ..models import Convention, StatementLine
from ..models.audit import record
from ..models.convention import MAX_AMOUNT
from ..text import format_date
from .template import ACCOUNTS

log = logging.getLogger(__name__)

STALE_MESSAGE = (
    "La convention a été modifiée par quelqu'un d'autre depuis l'ouverture de la page : "
    "rien n'a été enregistré. Rechargez la page pour voir ses nouvelles valeurs."
)


@dataclass(frozen=True)
class ConventionData:
    """What the coordination types for a convention (already parsed)."""

    funder: str
    reference: str
    beneficiary: str
    title: str
    period_start: date
    period_end: date
    aid_amount: Decimal | None  # None: left blank (refused by ``problems_of``)
    decision: str = ""
    decided_on: date | None = None
    report_due: date | None = None
    extension_before: date | None = None
    report_sent: bool = False
    report_sent_on: date | None = None
    notes: str = ""

    @classmethod
    def of(cls, convention: Convention) -> "ConventionData":
        """A convention's current terms (to correct some of them)."""
        return cls(**{item.name: getattr(convention, item.name) for item in fields(cls)})


def problems_of(data: ConventionData) -> dict[str, str]:
    """The rules a convention must follow, by field, in French (empty: none broken)."""
    found = {}
    for name in ("funder", "reference", "beneficiary", "title"):
        if not getattr(data, name).strip():
            found[name] = "Ce champ est obligatoire."
    if data.period_end < data.period_start:
        found["period_end"] = "La fin de la période doit suivre son début."
    if data.aid_amount is None:
        # A field of blanks («   ») passes InputRequired but holds no amount.
        found["aid_amount"] = "Indiquez le montant de l'aide."
    elif not Decimal(0) <= data.aid_amount <= MAX_AMOUNT:
        found["aid_amount"] = "Le montant de l'aide doit être positif et raisonnable."
    if data.report_due is not None and data.report_due < data.period_end:
        found["report_due"] = (
            "Le bilan final se remet après la fin de la période "
            f"(le {format_date(data.period_end)} ou plus tard)."
        )
    if data.extension_before is not None and not (
        data.period_start <= data.extension_before <= data.period_end
    ):
        found["extension_before"] = (
            "La prolongation se demande pendant la période de la convention "
            "(l'article 3 : six mois avant sa fin)."
        )
    if data.report_sent_on is not None and not data.report_sent:
        found["report_sent_on"] = "Cochez « Bilan final remis » ou laissez la date vide."
    return found


def _check(data: ConventionData, convention: Convention | None = None) -> None:
    problems = problems_of(data)
    if problems:
        raise UserError(" ".join(dict.fromkeys(problems.values())), 422)
    same = db.session.scalar(
        select(Convention.id).where(
            Convention.funder == data.funder, Convention.reference == data.reference
        )
    )
    if same is not None and (convention is None or same != convention.id):
        raise UserError(
            f"Une convention n° {data.reference} de ce financeur existe déjà : "
            "corrigez-la plutôt que d'en créer une seconde.",
            409,
        )


def _audit_values(data: ConventionData | Convention) -> dict:
    values = {}
    for item in fields(ConventionData):
        value = getattr(data, item.name)
        values[item.name] = (
            value.isoformat()
            if isinstance(value, date)
            else (str(value) if isinstance(value, Decimal) else value)
        )
    return values


def _statement_from_template(convention: Convention) -> None:
    position = 0
    for account in ACCOUNTS:
        position += 10
        head = StatementLine(
            side=account.side, account=account.account, label=account.label, position=position
        )
        convention.lines.append(head)
        for number, label in account.sublines:
            position += 10
            convention.lines.append(
                StatementLine(
                    side=account.side,
                    account=number,
                    label=label,
                    position=position,
                    parent=head,
                )
            )


def create_convention(actor, data: ConventionData) -> Convention:
    """Record a new convention, with its statement in the form of the 2024 budget."""
    _check(data)
    convention = Convention(**asdict(data), updated_by_id=getattr(actor, "id", None))
    db.session.add(convention)
    _statement_from_template(convention)
    db.session.flush()
    record(actor, convention, "convention.create", None, _audit_values(convention))
    log.info("convention %s created", convention.id)
    return convention


def check_version(convention: Convention, expected: int | None) -> Convention:
    """Lock the convention; refuse if it is gone or changed since the page was loaded."""
    return lock_at_version(
        convention, expected, "Cette convention vient d'être supprimée.", STALE_MESSAGE
    )


def update_convention(actor, convention: Convention, data: ConventionData, version) -> Convention:
    """Correct a convention (audited: the fields that changed, before and after)."""
    convention = check_version(convention, version)
    _check(data, convention)
    before, after = _audit_values(convention), _audit_values(data)
    changed = [key for key in after if before[key] != after[key]]
    if not changed:
        return convention
    for key, value in asdict(data).items():
        setattr(convention, key, value)
    convention.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(
        actor,
        convention,
        "convention.update",
        # The reference names the convention in the journal, even when it did not change.
        {"reference": before["reference"], **{key: before[key] for key in changed}},
        {"reference": after["reference"], **{key: after[key] for key in changed}},
    )
    return convention


def delete_convention(actor, convention: Convention, version) -> None:
    """Remove a convention, its statement and its reminders (the journal keeps its trace)."""
    convention = check_version(convention, version)
    record(actor, convention, "convention.delete", _audit_values(convention), None)
    db.session.delete(convention)
    db.session.flush()
    log.info("convention %s deleted", convention.id)
