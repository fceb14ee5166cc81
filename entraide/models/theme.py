"""The fixed taxonomy of needs and offers (rows created by a migration)."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db


class Theme(db.Model):
    __tablename__ = "theme"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<Theme {self.code}>"
