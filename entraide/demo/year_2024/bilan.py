"""The coordination writes the demo's 2024 bilan, in the spring of 2025 (DEMONSTRATION
DATA, through the services, dated by ``clock.py``): testimonies and their approvals, the
axes' narratives, the simulated réalisé of the financial statement marked final, then the
report marked sent to the Département (and the agreement's bilan handed in)."""

from dataclasses import replace
from datetime import date

from ...conventions import bookkeeping
from ...conventions import services as conventions
from ...core.extensions import db
from ...models import (
    AxisNarrative,
    Convention,
    FollowUp,
    GroupMeeting,
    HighlightApproval,
    Pairing,
    PairingEvaluation,
    StatementLine,
    User,
)
from ...organisations.services import find_by_name
from ...reports import narratives
from ...reports.services import add_highlight
from ...testimonies import services as testimonies
from ..clock import happening_at, moment
from ..fictional import BY_KEY
from ..mails import last_mail_id, mails_delivered
from .texts import DEMO_AMOUNT, DEMO_NOTE, NARRATIVES, REALISE, TESTIMONIES, Testimony

YEAR = 2024
REFERENCE = "2024-03658"  # the agreement of 2024 (data/conventions.csv)
TESTIMONIES_SELECTED = date(2025, 3, 24)
NARRATIVES_WRITTEN = date(2025, 4, 28)
STATEMENT_ENTERED = date(2025, 5, 12)
STATEMENT_FINAL = date(2025, 5, 19)
REPORT_SENT = date(2025, 5, 27)


def _org_id(key: str) -> int:
    return find_by_name(BY_KEY[key].name).id


def _person(key: str) -> User:
    email = BY_KEY[key].people[0].email
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()


def _coordinator() -> User:
    return db.session.execute(
        db.select(User).filter_by(role="coordinator").order_by(User.id)
    ).scalar()


def _source_id(item: Testimony) -> int:
    if item.source_type == "evaluation":
        query = db.select(PairingEvaluation.id).filter_by(organisation_id=_org_id(item.source[0]))
    elif item.source_type == "followup":
        mentee, day = item.source
        query = (
            db.select(FollowUp.id)
            .join(Pairing, Pairing.id == FollowUp.pairing_id)
            .where(Pairing.mentee_id == _org_id(mentee))
            .where(FollowUp.held_on == date.fromisoformat(day))
        )
    else:
        query = db.select(GroupMeeting.id).filter_by(title=item.source[0])
    return db.session.execute(query).scalar_one()


def _testimonies() -> None:
    """Selected by the coordination; each organisation asked answers a few days later."""
    coordinator = _coordinator()
    with happening_at(moment(TESTIMONIES_SELECTED, "14:00")):
        for position, item in enumerate(TESTIMONIES, start=1):
            add_highlight(
                coordinator,
                YEAR,
                item.quote,
                item.title,
                item.source_type,
                _source_id(item),
                position,
            )
    answers = [(item, key, status) for item in TESTIMONIES for key, status in item.answers.items()]
    for delay, (item, key, status) in enumerate(answers, start=1):
        approval = db.session.execute(
            db.select(HighlightApproval)
            .join(HighlightApproval.highlight)
            .where(HighlightApproval.organisation_id == _org_id(key))
            .filter_by(year=YEAR, quote=item.quote)
        ).scalar_one()
        day = date.fromordinal(TESTIMONIES_SELECTED.toordinal() + 1 + delay // 3)
        with happening_at(moment(day, f"{9 + delay % 9:02d}:30")):
            testimonies.answer(approval, _person(key), status, approval.text_digest)


def _narratives() -> None:
    with happening_at(moment(NARRATIVES_WRITTEN, "16:00")):
        for axis, texts in NARRATIVES.items():
            narratives.save(_coordinator(), YEAR, axis, texts)


def _line(convention: Convention, account: str, label: str | None) -> StatementLine:
    for line in convention.lines:
        if line.account == account and (line.label == label if label else line.parent_id is None):
            return line
    raise LookupError(f"{convention.reference}: no line {account} {label}")


def _statement(convention: Convention) -> None:
    """The réalisé typed, every amount flagged as simulated; then marked final."""
    with happening_at(moment(STATEMENT_ENTERED, "15:30")):
        amounts = {}
        for account, label, actual, explanation in REALISE:
            line = _line(convention, account, label)
            text = " ".join(part for part in (DEMO_AMOUNT, explanation) if part)
            amounts[line.id] = bookkeeping.LineAmounts(line.budget, actual, text)
        bookkeeping.save_amounts(_coordinator(), convention, amounts, None)
        data = conventions.ConventionData.of(convention)
        notes = " ".join(part for part in (data.notes, DEMO_NOTE) if part)
        conventions.update_convention(_coordinator(), convention, replace(data, notes=notes), None)
    with happening_at(moment(STATEMENT_FINAL, "11:00")):
        bookkeeping.mark_final(_coordinator(), _convention(), None)


def _convention() -> Convention | None:
    return db.session.execute(db.select(Convention).filter_by(reference=REFERENCE)).scalar()


def _sent() -> None:
    """The bilan goes to the Département before its due date (1 June 2025)."""
    with happening_at(moment(REPORT_SENT, "17:00")):
        testimonies.mark_sent(_coordinator(), YEAR)
        convention = _convention()
        data = replace(
            conventions.ConventionData.of(convention), report_sent=True, report_sent_on=REPORT_SENT
        )
        conventions.update_convention(_coordinator(), convention, data, None)


def write_the_2024_bilan() -> bool:
    """Write the 2024 bilan once: on a demo that played the 2024 chapter, with the 2024
    agreement loaded and no narrative for 2024 yet (idempotent); True when written."""
    convention = _convention()
    if (
        convention is None
        or find_by_name(BY_KEY["librairie"].name) is None
        or db.session.execute(db.select(AxisNarrative.id).filter_by(year=YEAR)).first()
    ):
        return False
    last_mail = last_mail_id()
    _testimonies()
    _narratives()
    _statement(convention)
    _sent()
    mails_delivered(last_mail)
    return True
