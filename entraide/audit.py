"""Writing the audit trail (services call this; nothing edits or deletes entries).

An entry names its object by id. Flushing the session at every call to learn a new
object's id made bulk work (the CSV import writes tens of thousands of entries) ten
times slower, so an entry whose object has no id yet waits in ``session.info`` and
is added right after the flush that gives the object its id; ``commit()`` flushes
again until the session is clean, so the entry is written in the same transaction.
"""

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db
from .models import AuditEntry

log = logging.getLogger(__name__)

_PENDING = "entraide_pending_audit"


def record(actor, obj, action: str, before: dict | None = None, after: dict | None = None):
    """Add an audit entry for ``action`` on ``obj`` by ``actor`` (None for the system)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_role=getattr(actor, "role", None),
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        action=action,
        before=before,
        after=after,
    )
    if entry.object_id is None and obj is not None:
        db.session.info.setdefault(_PENDING, []).append((entry, obj))
    else:
        db.session.add(entry)
    log.debug("audit %s %s by %s", action, entry.object_type, entry.actor_id)
    return entry


@event.listens_for(Session, "after_flush_postexec")
def _add_pending_entries(session, _flush_context) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    for entry, obj in pending:
        entry.object_id = getattr(obj, "id", None)
        session.add(entry)


@event.listens_for(Session, "after_rollback")
def _forget_pending_entries(session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "before_commit")
def _flush_pending_entries(session) -> None:
    # A commit with nothing else to flush still writes entries recorded on objects that
    # got their ids in an earlier flush.
    if session.info.get(_PENDING):
        session.flush()
