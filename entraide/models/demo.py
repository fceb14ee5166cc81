"""The demonstration network's marker: one row while the demo is loaded.

``flask demo`` writes it, ``flask demo --reset`` and ``--unload`` remove it with the rest;
while it is there, every page says « Données de démonstration » (templates/base.html).
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, select
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db
from ._base import utcnow


class DemoMarker(db.Model):
    __tablename__ = "demo_marker"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    loaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def demo_loaded() -> bool:
    return db.session.execute(select(DemoMarker.id).where(DemoMarker.id == 1)).first() is not None


def mark_demo_loaded() -> None:
    if not demo_loaded():
        db.session.add(DemoMarker(id=1))
        db.session.flush()
