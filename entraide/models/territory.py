"""The Département's territories and the commune → territory table the coordination keeps.

The table starts as the hypothesis shipped in ``entraide/data/communes-62-extended.csv``
(column ``territoire_proposed``: whole EPCIs grouped into seven territories, not an
official list); the coordination corrects it commune by commune or from a file, and each
row says where its territory comes from. A commune without a row has no territory.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ._base import check_in, utcnow

# Where a commune's territory comes from, and how the page says it.
TERRITORY_SOURCES = {
    "hypothesis": "hypothèse du fichier",
    "coordination": "saisi par la coordination",
}


class Territory(db.Model):
    """One of the Département's territories (Arrageois, Artois…)."""

    __tablename__ = "territory"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)

    def __repr__(self) -> str:
        return f"<Territory {self.id} {self.name!r}>"


class CommuneTerritory(db.Model):
    """The territory of one commune of the Pas-de-Calais (INSEE code), and its source."""

    __tablename__ = "commune_territory"
    __table_args__ = (check_in("source", TERRITORY_SOURCES, "source"),)

    insee: Mapped[str] = mapped_column(String(5), primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), index=True)
    source: Mapped[str] = mapped_column(String(20), default="hypothesis")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    territory = relationship("Territory")
    updated_by = relationship("User")

    @property
    def id(self) -> int:
        """The audit log names a row by an integer id: here, the INSEE code (62041)."""
        return int(self.insee)

    @property
    def source_label(self) -> str:
        return TERRITORY_SOURCES.get(self.source, self.source)


class TerritoryTable:
    """The whole table, as the audit log names a change of many rows at once (a file, a
    reset): one entry, no id, the list of changes in ``after``."""

    id = None
