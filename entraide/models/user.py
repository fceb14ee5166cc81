"""A person who logs in: a member of an organisation, the coordinator, or the funder."""

import secrets
from contextlib import suppress
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ..phone import PHONE_MAX, format_phone
from ._base import check_in, utcnow

ROLES = {"member": "Membre", "coordinator": "Coordination", "viewer": "Financeur (lecture)"}

# argon2id with argon2-cffi's defaults (t=3, m=64 MiB, p=4): above the OWASP ASVS table.
_hasher = PasswordHasher()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def new_calendar_key() -> str:
    """The stored half of a calendar feed's address (``entraide.calendars.keys``)."""
    return secrets.token_hex(16)


class User(db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        check_in("role", ROLES, "role"),
        # Members belong to an organisation; the coordinator and the funder do not.
        CheckConstraint("(role = 'member') = (organisation_id IS NOT NULL)", name="member_has_org"),
        # A unique index rather than a constraint: SQLite adds it without a table rebuild.
        Index("uq_user_account_calendar_key", "calendar_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(12), default="member")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Chosen by the person on « Mon compte »: shown (name, email, phone) to the partners
    # of its organisation and on its group's page. Never to the funder nor in the API.
    entraide_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Ten national digits (entraide.phone), shown only where the person is a contact.
    phone: Mapped[str | None] = mapped_column(String(PHONE_MAX))
    # Flask-Login stores this token, not the id: rotating it ends every session.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The personal calendar feed's key; renewing it kills the old address, None: no feed.
    calendar_key: Mapped[str | None] = mapped_column(String(32), default=new_calendar_key)

    organisation = relationship("Organisation", back_populates="users")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    # Roles
    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    @property
    def is_member(self) -> bool:
        return self.role == "member"

    @property
    def is_viewer(self) -> bool:
        return self.role == "viewer"

    @property
    def role_label(self) -> str:
        return ROLES[self.role]

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    # Passwords
    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)
        self.rotate_session()

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def rotate_session(self) -> None:
        self.session_token = new_session_token()

    @classmethod
    def coordinator_emails(cls) -> list[str]:
        """Addresses of the active coordinators (the coordination's mail)."""
        return list(
            db.session.execute(
                db.select(cls.email).filter_by(role="coordinator", active=True).order_by(cls.id)
            ).scalars()
        )


def check_dummy_password(password: str) -> None:
    """Spend the same time as a real check, so unknown emails cannot be told apart."""
    with suppress(VerificationError, InvalidHashError):
        _hasher.verify(_DUMMY_HASH, password)


_DUMMY_HASH = _hasher.hash("not-a-real-password")
