"""SQLAlchemy models, one module per aggregate."""

from .audit import AuditEntry
from .need import Need, Offer
from .organisation import Organisation
from .theme import Theme
from .user import User

__all__ = ["AuditEntry", "Need", "Offer", "Organisation", "Theme", "User"]
