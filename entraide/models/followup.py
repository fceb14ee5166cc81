"""The follow-up booklet of a parrainage: meetings (planned, held or cancelled), their
actions, and reminders sent."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ._base import check_in, utcnow
from .corrections import CorrectableRecord, correction_constraints
from .planning import PlannedMeeting, planning_constraints

MEETING_FORMATS = {
    "visit": "Visite sur place",
    "video": "Visioconférence",
    "phone": "Téléphone",
    "workshop": "Atelier",
}

followup_need_met = Table(
    "followup_need_met",
    db.metadata,
    Column("followup_id", ForeignKey("followup.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("need.id", ondelete="CASCADE"), primary_key=True),
)


class FollowUp(PlannedMeeting, CorrectableRecord, db.Model):
    """A meeting or exchange of a pairing, planned or logged by either SCIC or the
    coordinator (``models.planning`` for its status and planning columns,
    ``models.corrections`` for the corrections of its record)."""

    __tablename__ = "followup"
    __table_args__ = (
        check_in("format", MEETING_FORMATS, "format"),
        *planning_constraints(),
        *correction_constraints(),
        CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440", name="duration_range"
        ),
        CheckConstraint("volunteer_hours >= 0", name="volunteer_hours_positive"),
        CheckConstraint(
            "next_meeting_on IS NULL OR next_meeting_on >= held_on", name="next_after_held"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairing.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date, index=True)
    format: Mapped[str] = mapped_column(String(12))
    participants: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    volunteer_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    next_meeting_on: Mapped[date | None] = mapped_column(Date)
    # Who is expected at a planned meeting (people, in the planner's words).
    expected: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Who recorded a planned meeting as held, and who corrected the record last
    # (models.corrections).
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # models.corrections

    pairing = relationship("Pairing", back_populates="followups")
    actions = relationship(
        "FollowUpAction",
        back_populates="followup",
        order_by="FollowUpAction.id",
        cascade="all, delete-orphan",
    )
    needs_met = relationship("Need", secondary=followup_need_met)
    created_by = relationship("User", foreign_keys=[created_by_id])
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    corrected_by = relationship("User", foreign_keys=[corrected_by_id])

    @property
    def format_label(self) -> str:
        return MEETING_FORMATS[self.format]

    def may_correct(self, user) -> bool:
        """The author of its record (still a side of the pairing) or the coordination: who
        may correct it while it is held and the window open (see :meth:`can_correct`)."""
        if not user.is_authenticated:
            return False
        if user.is_coordinator:
            return True
        author = self.record_author_id
        return author is not None and author == user.id and self.pairing.side_of(user) is not None

    def can_correct(self, user, now: datetime | None = None) -> bool:
        """Whether ``user`` may correct it now (the « Corriger » button)."""
        return self.may_correct(user) and self.record_refusal(now) is None


class FollowUpAction(db.Model):
    """Something someone committed to do at a meeting."""

    __tablename__ = "followup_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    followup_id: Mapped[int] = mapped_column(
        ForeignKey("followup.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120), default="")
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)

    followup = relationship("FollowUp", back_populates="actions")

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_on is not None and self.due_on < today


class ReminderSent(db.Model):
    """A reminder already sent, so that the same reason is never mailed twice."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("reason_key", name="uq_reminder_sent_reason_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairing.id", ondelete="CASCADE"), index=True
    )
    # e.g. "late:12:2026-10-01" (pairing 12 late since its last meeting of that date) or
    # "action:57" (action 57 overdue): a new meeting or action makes a new key.
    reason_key: Mapped[str] = mapped_column(String(120))
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
