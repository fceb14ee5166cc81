"""Territorial groups validated by the coordinator, and the network's meetings."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..core.extensions import db
from ..text import normalise_key
from ._base import check_in, utcnow
from .corrections import CorrectableRecord, correction_constraints
from .planning import PlannedMeeting, planning_constraints

MEETING_KINDS = {
    "rencontre": "Rencontre de groupe",
    "atelier": "Atelier",
    "formation": "Formation",
    "groupe_travail": "Groupe de travail",
    "conference": "Conférence",
    "evenement": "Événement",
}

# An organisation belongs to one active group at most (groups are territorial: being in
# two would split its meetings and blur the host rotation). The database keeps the rule,
# for two coordinators validating groups at the same moment: ``active`` copies "the group
# is not archived" (archive_group clears it) so that a partial unique index can say it.
# The primary key keeps an organisation from being twice in one group.
group_member = Table(
    "group_member",
    db.metadata,
    Column("group_id", ForeignKey("territorial_group.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("active", Boolean, nullable=False, server_default=true()),
    Index(
        "uq_group_member_active_organisation",
        "organisation_id",
        unique=True,
        sqlite_where=text("active"),
        postgresql_where=text("active"),
    ),
)

# The organisations expected at a planned meeting (their members get the invitation).
meeting_expected = Table(
    "group_meeting_expected",
    db.metadata,
    Column("meeting_id", ForeignKey("group_meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)

meeting_participant = Table(
    "meeting_participant",
    db.metadata,
    Column("meeting_id", ForeignKey("group_meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


def _name_key_default(context) -> str:
    # Rows inserted without the ORM (benchmarks): the key follows the name.
    return normalise_key(context.get_current_parameters()["name"])


class TerritorialGroup(db.Model):
    """A group the coordinator validated from the suggestions (or built by hand)."""

    __tablename__ = "territorial_group"
    __table_args__ = (
        # Two active groups never share a name (compared like organisation names).
        Index(
            "uq_territorial_group_active_name",
            "name_key",
            unique=True,
            sqlite_where=text("archived_at IS NULL"),
            postgresql_where=text("archived_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # Unbounded: NFKD may lengthen a name ("ﬁ" -> "fi").
    name_key: Mapped[str] = mapped_column(Text, default=_name_key_default)
    contact_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)

    members = relationship("Organisation", secondary=group_member, order_by="Organisation.name")
    contact = relationship("User")
    meetings = relationship(
        "GroupMeeting", back_populates="group", order_by="GroupMeeting.held_on.desc()"
    )

    @validates("name")
    def _keep_name_key(self, _key, name: str) -> str:
        self.name_key = normalise_key(name)
        return name


class GroupMeeting(PlannedMeeting, CorrectableRecord, db.Model):
    """A meeting of a group, or of the whole network (group_id empty), e.g. the history;
    planned, held or cancelled (``models.planning``); a held one's record can be corrected
    (``models.corrections``)."""

    __tablename__ = "group_meeting"
    __table_args__ = (
        check_in("kind", MEETING_KINDS, "kind"),
        CheckConstraint("volunteer_hours >= 0", name="volunteer_hours_positive"),
        *planning_constraints(),
        *correction_constraints(),
        CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440",
            name="duration_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("territorial_group.id", ondelete="SET NULL"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="rencontre")
    title: Mapped[str] = mapped_column(String(200))
    host_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # Participants that are not member organisations (support bodies, associations).
    other_participants: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[str] = mapped_column(Text, default="")
    volunteer_hours: Mapped[Decimal] = mapped_column(Numeric(7, 2), default=0)
    # How long a planned meeting lasts (its calendar event's end).
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Who recorded a planned meeting as held, and who corrected the record last
    # (models.corrections).
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # models.corrections

    group = relationship("TerritorialGroup", back_populates="meetings")
    host = relationship("Organisation")
    participants = relationship(
        "Organisation", secondary=meeting_participant, order_by="Organisation.name"
    )
    expected = relationship(
        "Organisation", secondary=meeting_expected, order_by="Organisation.name"
    )
    created_by = relationship("User", foreign_keys=[created_by_id])
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    corrected_by = relationship("User", foreign_keys=[corrected_by_id])

    @property
    def kind_label(self) -> str:
        return MEETING_KINDS[self.kind]

    def may_correct(self, user) -> bool:
        """The author of its record (who may still see it) or the coordination: who may
        correct it while it is held and the window open (see :meth:`can_correct`). A
        meeting without group (a network meeting of before the actions register) is the
        coordination's."""
        if not user.is_authenticated:
            return False
        if user.is_coordinator:
            return True
        author = self.record_author_id
        return (
            self.group is not None
            and author is not None
            and author == user.id
            and user.is_member
            and any(org.id == user.organisation_id for org in self.group.members)
        )

    def can_correct(self, user, now: datetime | None = None) -> bool:
        """Whether ``user`` may correct it now (the « Corriger » button)."""
        return self.may_correct(user) and self.record_refusal(now) is None
