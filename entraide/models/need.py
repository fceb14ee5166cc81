"""What an organisation needs, and what it can offer, on a theme of the taxonomy."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ..themes import URGENCIES
from ._base import check_in, utcnow
from .theme import Theme

NEED_STATUSES = {"open": "Ouvert", "met": "Satisfait", "withdrawn": "Retiré"}
OFFER_STATUSES = {"active": "Active", "withdrawn": "Retirée"}


class _Declaration:
    """Needs and offers belong to an organisation and follow its access rules."""

    def can_view(self, user) -> bool:
        # The organisation's private side: a partner sees its page, not its declarations.
        return self.organisation.can_manage(user)

    def can_edit(self, user) -> bool:
        return self.organisation.can_edit(user)


class Need(_Declaration, db.Model):
    __tablename__ = "need"
    __table_args__ = (
        check_in("urgency", URGENCIES, "urgency"),
        check_in("status", NEED_STATUSES, "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    theme_code: Mapped[str] = mapped_column(ForeignKey("theme.code"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    organisation = relationship("Organisation", back_populates="needs")
    theme = relationship("Theme", lazy="joined")

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def status_label(self) -> str:
        return NEED_STATUSES[self.status]

    @property
    def urgency_label(self) -> str:
        return URGENCIES[self.urgency]


class Offer(_Declaration, db.Model):
    __tablename__ = "offer"
    __table_args__ = (check_in("status", OFFER_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    theme_code: Mapped[str] = mapped_column(ForeignKey("theme.code"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    organisation = relationship("Organisation", back_populates="offers")
    theme = relationship("Theme", lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def status_label(self) -> str:
        return OFFER_STATUSES[self.status]


def open_need_themes(org_ids) -> dict[int, list[tuple[str, int]]]:
    """Each organisation's open needs as (theme, how many), in the taxonomy's order, in
    one query for a whole list: lists show the themes, and an organisation that declared
    many needs on one theme reads as one badge, not as many."""
    rows = db.session.execute(
        select(Need.organisation_id, Theme.label, func.count())
        .join(Theme, Theme.code == Need.theme_code)
        .where(Need.organisation_id.in_(list(org_ids)), Need.status == "open")
        .group_by(Need.organisation_id, Theme.label, Theme.position)
        .order_by(Theme.position, Theme.label)
    )
    themes: dict[int, list[tuple[str, int]]] = {}
    for org_id, label, count in rows:
        themes.setdefault(org_id, []).append((label, count))
    return themes


def _count_by_organisation(model, status: str, ids: list[int]) -> dict[int, int]:
    return dict(
        db.session.execute(
            select(model.organisation_id, func.count())
            .where(model.organisation_id.in_(ids), model.status == status)
            .group_by(model.organisation_id)
        ).all()
    )


def open_declaration_counts(org_ids) -> dict[int, tuple[int, int]]:
    """Each organisation's number of open needs and active offers, in two queries for a
    whole list (counted by the database, not by loading every declaration)."""
    ids = list(org_ids)
    needs = _count_by_organisation(Need, "open", ids)
    offers = _count_by_organisation(Offer, "active", ids)
    return {i: (needs.get(i, 0), offers.get(i, 0)) for i in ids}
