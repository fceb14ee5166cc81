"""The funder's logo, shown on the report as its agreement asks (article 7)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db
from ._base import check_in, utcnow

LOGO_MEDIA_TYPES = {"image/png": "PNG", "image/svg+xml": "SVG"}
# The Département's own name for its logo (agreement, article 7).
DEFAULT_LOGO_ALT = "62, Pas-de-Calais Mon Département"


class FunderLogo(db.Model):
    """One row: the logo file (under a megabyte, checked before it is stored) and its text.

    Kept in the database rather than under instance/: it goes with the backups and is
    written or refused in the same transaction as its audit entry.
    """

    __tablename__ = "funder_logo"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        check_in("media_type", LOGO_MEDIA_TYPES, "media_type"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    media_type: Mapped[str] = mapped_column(String(20))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    alt_text: Mapped[str] = mapped_column(String(200), default=DEFAULT_LOGO_ALT)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def kind(self) -> str:
        return LOGO_MEDIA_TYPES.get(self.media_type, self.media_type)

    @property
    def data_uri(self) -> str:
        """The logo inside the page itself: the PDF renderer fetches nothing."""
        import base64

        return f"data:{self.media_type};base64,{base64.b64encode(self.content).decode()}"
