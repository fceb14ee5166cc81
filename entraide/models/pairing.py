"""A parrainage: an experienced SCIC sponsors a young one, with the coordinator as mediator."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ._base import check_in, utcnow

PAIRING_STATUSES = {
    "proposed": "Proposé",
    "awaiting_consent": "En attente d'accord",
    "active": "Actif",
    "completed": "Terminé",
    "stopped": "Arrêté",
    "declined": "Refusé",
}
# The close-out evaluation's scale (the form's choices, the reports' rows).
SATISFACTION_LEVELS = {
    1: "1 – Pas du tout satisfaite",
    2: "2 – Peu satisfaite",
    3: "3 – Moyennement satisfaite",
    4: "4 – Satisfaite",
    5: "5 – Très satisfaite",
}
# The only transitions that may happen (anything else is refused and written nowhere).
TRANSITIONS = {
    "proposed": {"awaiting_consent", "stopped"},
    "awaiting_consent": {"active", "declined", "stopped"},
    "active": {"completed", "stopped"},
    "completed": set(),
    "stopped": set(),
    "declined": set(),
}
# A pair is "live" while it holds a sponsor's capacity and blocks a second pairing.
LIVE_STATUSES = ("proposed", "awaiting_consent", "active")
_LIVE_SQL = "status IN ('proposed', 'awaiting_consent', 'active')"

pairing_need = Table(
    "pairing_need",
    db.metadata,
    Column("pairing_id", ForeignKey("pairing.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("need.id", ondelete="CASCADE"), primary_key=True),
)


class Pairing(db.Model):
    __tablename__ = "pairing"
    __table_args__ = (
        check_in("status", PAIRING_STATUSES, "status"),
        CheckConstraint("mentee_id <> mentor_id", name="not_self"),
        CheckConstraint("planned_months BETWEEN 1 AND 36", name="planned_months_range"),
        CheckConstraint("rhythm_days BETWEEN 7 AND 180", name="rhythm_days_range"),
        # One live pairing per mentee, enforced by the database (two coordinators at once).
        Index(
            "uq_pairing_live_mentee",
            "mentee_id",
            unique=True,
            sqlite_where=text(_LIVE_SQL),
            postgresql_where=text(_LIVE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    objectives: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    planned_months: Mapped[int] = mapped_column(Integer, default=12)
    rhythm_days: Mapped[int] = mapped_column(Integer, default=30)
    score: Mapped[float | None] = mapped_column(Float)
    # Consent: None = not answered yet.
    mentee_consent: Mapped[bool | None] = mapped_column(Boolean)
    mentee_message: Mapped[str | None] = mapped_column(Text)
    mentee_answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    mentor_consent: Mapped[bool | None] = mapped_column(Boolean)
    mentor_message: Mapped[str | None] = mapped_column(Text)
    mentor_answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The tripartite charter: accepted by both SCICs (with their consent) and the coordinator.
    charter_coordinator_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Why it ended, for the coordination only (a SCIC's refusal quotes its message).
    end_reason: Mapped[str | None] = mapped_column(Text)
    # What the coordination chose to tell both SCICs about the end (« motif visible »).
    visible_reason: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking: a stale decision fails instead of overwriting another one.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    mentee = relationship("Organisation", foreign_keys=[mentee_id])
    mentor = relationship("Organisation", foreign_keys=[mentor_id])
    needs = relationship("Need", secondary=pairing_need, order_by="Need.id")
    transitions = relationship(
        "PairingTransition", back_populates="pairing", order_by="PairingTransition.id"
    )
    followups = relationship(
        "FollowUp", back_populates="pairing", order_by="FollowUp.held_on.desc()"
    )
    evaluations = relationship("PairingEvaluation", back_populates="pairing")

    @property
    def status_label(self) -> str:
        return PAIRING_STATUSES[self.status]

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def has_started(self) -> bool:
        return self.start_date is not None

    def consent_label(self, side: str) -> str:
        """What one SCIC's answer is, in French (« réponse attendue » only while awaited)."""
        consent = getattr(self, f"{side}_consent")
        if consent is True:
            return "a accepté"
        if consent is False:
            return "a décliné"
        if self.status == "awaiting_consent":
            return "réponse attendue"
        return "sans réponse (proposition close)"

    def end_notice(self) -> str | None:
        """What both SCICs read about a refused, withdrawn or stopped pairing."""
        if self.status == "declined":
            refusing = [
                org.name
                for org, consent in (
                    (self.mentee, self.mentee_consent),
                    (self.mentor, self.mentor_consent),
                )
                if consent is False
            ]
            who = " et ".join(refusing) or "Une des deux SCIC"
            return f"{who} a décliné cette proposition : le parrainage n'aura pas lieu."
        if self.status == "stopped":
            if self.has_started:
                return "La coordination a arrêté ce parrainage."
            return "La coordination a retiré cette proposition : le parrainage n'aura pas lieu."
        return None

    def side_of(self, user) -> str | None:
        """ "mentee", "mentor" or None: which SCIC of the pairing the user belongs to."""
        if not user.is_authenticated or not user.is_member:
            return None
        if user.organisation_id == self.mentee_id:
            return "mentee"
        if user.organisation_id == self.mentor_id:
            return "mentor"
        return None

    def can_view(self, user) -> bool:
        return user.is_authenticated and (user.is_coordinator or self.side_of(user) is not None)

    def can_log(self, user) -> bool:
        """Either SCIC or the coordinator records meetings of an active pairing."""
        return self.status == "active" and self.can_view(user)


class PairingTransition(db.Model):
    """Every status change of a pairing: who, when, from, to (never edited)."""

    __tablename__ = "pairing_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairing.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_role: Mapped[str | None] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    pairing = relationship("Pairing", back_populates="transitions")
    actor = relationship("User")


class PairRejection(db.Model):
    """A pair the coordinator rejected: never suggested again until the rejection is lifted."""

    __tablename__ = "pair_rejection"
    __table_args__ = (
        Index(
            "uq_pair_rejection_active",
            "mentee_id",
            "mentor_id",
            unique=True,
            sqlite_where=text("lifted_at IS NULL"),
            postgresql_where=text("lifted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    reason: Mapped[str] = mapped_column(Text)
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    mentee = relationship("Organisation", foreign_keys=[mentee_id])
    mentor = relationship("Organisation", foreign_keys=[mentor_id])


class PairingEvaluation(db.Model):
    """One side's close-out evaluation of a completed pairing."""

    __tablename__ = "pairing_evaluation"
    __table_args__ = (
        UniqueConstraint("pairing_id", "organisation_id", name="uq_pairing_evaluation_side"),
        CheckConstraint("satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
        CheckConstraint("employees_now IS NULL OR employees_now >= 0", name="employees_now"),
        CheckConstraint("members_now IS NULL OR members_now >= 0", name="members_now"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    satisfaction: Mapped[int] = mapped_column(SmallInteger)
    what_helped: Mapped[str] = mapped_column(Text, default="")
    employees_now: Mapped[int | None] = mapped_column(Integer)
    members_now: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    pairing = relationship("Pairing", back_populates="evaluations")
    organisation = relationship("Organisation")


def awaiting_answer_from(org_id: int) -> list[Pairing]:
    """Proposals waiting for ``org_id``'s consent, oldest first (« À faire », calendar)."""
    query = (
        db.select(Pairing)
        .where(
            Pairing.status == "awaiting_consent",
            db.or_(
                db.and_(Pairing.mentee_id == org_id, Pairing.mentee_consent.is_(None)),
                db.and_(Pairing.mentor_id == org_id, Pairing.mentor_consent.is_(None)),
            ),
        )
        .order_by(Pairing.created_at, Pairing.id)
    )
    return list(db.session.scalars(query))
