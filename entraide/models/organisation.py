"""A member of the network: a SCIC, or a project (association) becoming one."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    and_,
    case,
    false,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.errors import UserError
from ..core.extensions import db
from ..geo.gazetteer import Commune, get_gazetteer
from ..text import (
    NAME_KEY_MAX,
    NAME_SKELETON_MAX,
    clean_name,
    confusable_skeleton,
    name_shape_problem,
    normalise_key,
)
from ..themes import SECTORS, STATUSES, YOUNG_SINCE_YEAR
from ._base import check_in, utcnow
from .partners import are_partners

LEGAL_FORMS = {"SA": "SA", "SAS": "SAS", "SARL": "SARL"}


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (
        check_in("status", STATUSES, "status"),
        check_in("sector", SECTORS, "sector"),
        check_in("legal_form", LEGAL_FORMS, "legal_form"),
        CheckConstraint("mentor_capacity >= 0", name="mentor_capacity_positive"),
        CheckConstraint("employees IS NULL OR employees >= 0", name="employees_positive"),
        CheckConstraint("members_count IS NULL OR members_count >= 0", name="members_positive"),
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="lat_lon_together"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Case- and accent-insensitive uniqueness, portable to SQLite and PostgreSQL.
    name_key: Mapped[str] = mapped_column(String(NAME_KEY_MAX), unique=True)
    # Look-alike names ("Clіss XXI" with a Cyrillic і beside "Cliss XXI") share it.
    name_skeleton: Mapped[str] = mapped_column(String(NAME_SKELETON_MAX), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="scic")
    commune_insee: Mapped[str | None] = mapped_column(String(5), index=True)
    # Explicit coordinates, for members outside the département (e.g. Enercoop in Lille).
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    town_label: Mapped[str | None] = mapped_column(String(120))
    year_created: Mapped[int | None] = mapped_column(Integer)
    # The day it joined the network (not the day its row was created here): membership
    # of a past period is counted from it.
    member_since: Mapped[date | None] = mapped_column(Date)
    sector: Mapped[str] = mapped_column(String(20), default="autre")
    legal_form: Mapped[str | None] = mapped_column(String(10))
    colleges: Mapped[str | None] = mapped_column(Text)
    employees: Mapped[int | None] = mapped_column(Integer)
    members_count: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    mentor_capacity: Mapped[int] = mapped_column(Integer, default=0)
    # Opt-in: young SCICs may see it in « Qui peut m'aider ? » and ask for its sponsorship.
    proposable_sponsor: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    public_directory: Mapped[bool] = mapped_column(Boolean, default=False)
    # Sensitive: seen and set by the coordinator only.
    in_difficulty: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    needs = relationship("Need", back_populates="organisation", order_by="Need.id")
    offers = relationship("Offer", back_populates="organisation", order_by="Offer.id")
    users = relationship("User", back_populates="organisation", order_by="User.id")

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"

    def set_name(self, name: str) -> None:
        """Name, comparison key and look-alike skeleton together (forms check them first)."""
        problem = name_shape_problem(name)
        if problem:
            raise UserError(problem, 422)
        self.name = clean_name(name)
        self.name_key = normalise_key(self.name)
        self.name_skeleton = confusable_skeleton(self.name_key)

    @property
    def commune(self) -> Commune | None:
        return get_gazetteer().by_insee(self.commune_insee) if self.commune_insee else None

    @property
    def location(self) -> tuple[float, float] | None:
        """Explicit coordinates win over the commune's centre."""
        if self.latitude is not None and self.longitude is not None:
            return (self.latitude, self.longitude)
        commune = self.commune
        return (commune.lat, commune.lon) if commune else None

    @property
    def town(self) -> str:
        commune = self.commune
        return commune.name if commune else (self.town_label or "")

    @property
    def epci(self) -> str | None:
        commune = self.commune
        return commune.epci if commune else None

    @hybrid_property
    def is_young(self) -> bool:
        """Young = a project, or a SCIC created in 2021 or later (domain.md).

        The one place of the rule, in Python (templates, forms, the matching adapter)
        and in SQL (directory, lists, reports). A SCIC whose year is unknown is not
        young (the matching never takes it for a mentee), nor experienced: the reports
        count it apart (``age_group``).
        """
        if self.status == "projet":
            return True
        return self.year_created is not None and self.year_created >= YOUNG_SINCE_YEAR

    @is_young.inplace.expression
    @classmethod
    def _is_young_expression(cls) -> ColumnElement[bool]:
        # Never NULL (status is NOT NULL; "IS NOT NULL AND ..." is false, not NULL, for an
        # unknown year), so that NOT is_young selects exactly the experienced ones.
        return or_(
            cls.status == "projet",
            and_(cls.year_created.is_not(None), cls.year_created >= YOUNG_SINCE_YEAR),
        )

    @hybrid_property
    def age_group(self) -> str:
        """ "young", "experienced" or "unknown" (a SCIC whose creation year is unknown):
        every breakdown of the reports and the API counts the three apart."""
        if self.is_young:
            return "young"
        return "unknown" if self.year_created is None else "experienced"

    @age_group.inplace.expression
    @classmethod
    def _age_group_expression(cls) -> ColumnElement[str]:
        return case(
            (cls.is_young, "young"),
            (cls.year_created.is_(None), "unknown"),
            else_="experienced",
        )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def open_needs(self):
        return [need for need in self.needs if need.status == "open"]

    def active_offers(self):
        return [offer for offer in self.offers if offer.status == "active"]

    def can_manage(self, user) -> bool:
        """Its private dashboard: the coordinator, or a member of this organisation."""
        if not user.is_authenticated:
            return False
        return user.is_coordinator or (user.is_member and user.organisation_id == self.id)

    def is_partner_of(self, user) -> bool:
        """The user is a member of one of its partners (models/partners.py says who)."""
        if not (user.is_authenticated and user.is_member and user.organisation_id):
            return False
        return are_partners(user.organisation_id, self.id)

    def can_view(self, user) -> bool:
        """Its page: its dashboard (can_manage), or its partner page for a partner's member.

        Everyone else (other members, the funder, visitors) gets 404: templates link an
        organisation's name only when this says yes.
        """
        return self.can_manage(user) or self.is_partner_of(user)

    def can_edit(self, user) -> bool:
        return self.can_manage(user) and not self.is_archived

    @property
    def entraide_contacts(self) -> list:
        """The people it shows its partners: active accounts that chose to be contacts."""
        return [u for u in self.users if u.active and u.has_password and u.entraide_contact]

    def mail_recipients(self) -> list[str]:
        """Where its mail goes: its active accounts, else its contact address."""
        emails = [u.email for u in self.users if u.active and u.has_password]
        if not emails and self.contact_email:
            emails = [self.contact_email]
        return emails
