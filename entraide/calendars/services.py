"""State changes of the calendars: a new secret address for a person's feed."""

from ..models import User
from ..models.audit import record
from ..models.user import new_calendar_key


def renew_key(user: User) -> None:
    """Draw a new feed key: the old address answers 404 from the commit on. The audit
    entry says it happened, never the key."""
    user.calendar_key = new_calendar_key()
    record(user, user, "user.calendar_renew")
