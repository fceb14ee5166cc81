"""An append-only record of decisions and state changes, and the one way to write it.

Writing the audit trail (services call this; nothing edits or deletes entries).

An entry names its object by id. Flushing the session at every call to learn a new
object's id made bulk work (the CSV import writes tens of thousands of entries) ten
times slower, so an entry whose object has no id yet waits in ``session.info`` and
is added right after the flush that gives the object its id; ``commit()`` flushes
again until the session is clean, so the entry is written in the same transaction.
"""

import logging
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..core.extensions import db
from ._base import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_role: Mapped[str | None] = mapped_column(String(12))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    actor = relationship("User")


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _audit_is_append_only(_mapper, _connection, _target) -> None:
    # The audit trail is evidence: the application never edits or deletes an entry.
    raise PermissionError("audit entries cannot be changed or deleted")


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
    # Only a row waits for its id: an entry about something else (a whole table) has none.
    if entry.object_id is None and inspect(obj, raiseerr=False) is not None:
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
