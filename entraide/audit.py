"""Writing the audit trail (services call this; nothing edits or deletes entries)."""

import logging

from .extensions import db
from .models import AuditEntry

log = logging.getLogger(__name__)


def record(actor, obj, action: str, before: dict | None = None, after: dict | None = None):
    """Add an audit entry for ``action`` on ``obj`` by ``actor`` (None for the system)."""
    db.session.flush()  # obj.id must exist
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_role=getattr(actor, "role", None),
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        action=action,
        before=before,
        after=after,
    )
    db.session.add(entry)
    log.debug("audit %s %s#%s by %s", action, entry.object_type, entry.object_id,
             entry.actor_id)
    return entry
