"""The funder's agreements (conventions), their financial statement and deadline reminders.

A convention is the agreement the Département (or another funder) signs for the network's
programme: its period, its aid, the date its final report is due and the date before which
an extension must be asked. Its financial statement holds the budget (prévisionnel) and the
realised amounts (réalisé), line by line, in the form of the 2024 budget
(``entraide.conventions.template``).
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ._base import check_in, utcnow

# The sides of a statement: charges and produits (they must balance), and the voluntary
# contributions in kind, their use (86) and their resources (87) (they must balance too).
STATEMENT_SIDES = {
    "charge": "Charges",
    "produit": "Produits",
    "contribution_emploi": "Emplois des contributions volontaires en nature",
    "contribution_ressource": "Contributions volontaires en nature",
}
STATEMENT_STATUSES = {"draft": "brouillon", "final": "définitif"}
# The widest amount a statement line or an aid may hold (NUMERIC(12, 2)).
MAX_AMOUNT = Decimal("100000000")


class Convention(db.Model):
    """One agreement with a funder: who, what, when, how much, and its deadlines."""

    __tablename__ = "convention"
    __table_args__ = (
        UniqueConstraint("funder", "reference", name="uq_convention_funder_reference"),
        CheckConstraint("period_end >= period_start", name="period_order"),
        CheckConstraint("aid_amount >= 0", name="aid_amount_positive"),
        CheckConstraint(
            "extension_before IS NULL OR "
            "(extension_before >= period_start AND extension_before <= period_end)",
            name="extension_within_period",
        ),
        CheckConstraint(
            "report_due IS NULL OR report_due >= period_end", name="report_due_after_period"
        ),
        check_in("statement_status", STATEMENT_STATUSES, "statement_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    funder: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(60))
    decision: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    beneficiary: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    aid_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    report_due: Mapped[date | None] = mapped_column(Date)
    extension_before: Mapped[date | None] = mapped_column(Date)
    # The final report was handed to the funder: no more countdown nor reminder. The day
    # is optional (the 2022-2023 report was produced, on a day the shared data omits).
    report_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    report_sent_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    statement_status: Mapped[str] = mapped_column(String(10), default="draft")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Optimistic locking: an edit made from a stale page is refused, not silently merged.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    lines = relationship(
        "StatementLine",
        back_populates="convention",
        order_by="StatementLine.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def label(self) -> str:
        """« convention n° 2024-03658 »: how pages and mails name it."""
        return f"convention n° {self.reference}"

    @property
    def is_final(self) -> bool:
        return self.statement_status == "final"

    def covers(self, start: date, end: date) -> bool:
        return self.period_start <= start and end <= self.period_end


class StatementLine(db.Model):
    """A line of a convention's financial statement: an account (60, 74, 864…) or one of
    its sub-lines, with its budget and realised amounts (None: not entered)."""

    __tablename__ = "statement_line"
    __table_args__ = (
        check_in("side", STATEMENT_SIDES, "side"),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget_positive"),
        CheckConstraint("actual IS NULL OR actual >= 0", name="actual_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    convention_id: Mapped[int] = mapped_column(
        ForeignKey("convention.id", ondelete="CASCADE"), index=True
    )
    # A sub-line names its account's line; an account's line has none.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement_line.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(30))
    # "60"…"77", "indirect", "86", "87", or a sub-account ("864", "870").
    account: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    actual: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # Why the realised amount differs from the budget (the Cerfa 15059 asks it beyond 15 %).
    explanation: Mapped[str] = mapped_column(Text, default="")

    convention = relationship("Convention", back_populates="lines")
    parent = relationship("StatementLine", remote_side=[id])


class ConventionReminder(db.Model):
    """A deadline reminder already mailed, so that each one goes once (the key is unique):
    ``report:12:2025-06-01:60`` is convention 12's report due on 1 June 2025, 60 days before."""

    __tablename__ = "convention_reminder"
    __table_args__ = (UniqueConstraint("reason_key", name="uq_convention_reminder_reason_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convention_id: Mapped[int] = mapped_column(
        ForeignKey("convention.id", ondelete="CASCADE"), index=True
    )
    reason_key: Mapped[str] = mapped_column(String(120))
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
