"""The network's version: a token that changes with every commit the matching depends on.

Pages that cache what the matching engine computes (``helpfinder``) key their cache by
this token, read once per request: every process (each gunicorn worker) sees the same
token, so none serves a result computed before the last change of

- a need or an offer (any change: theme, text, urgency, status),
- an organisation (capacity, opt-in to sponsor requests, archiving, place, year…),
- a pairing or a pair rejection (places used, pairs excluded),
- the matching settings.

How: any flush that adds, changes or deletes one of these rows (or an ORM bulk UPDATE or
DELETE of them) marks the session; the commit then writes a new random token in the one
row of ``network_version``, as the last statement of the transaction, so the change and
the new token become visible together. Random rather than a counter: a database restored
from a backup goes back to an older token but never reuses one for other data.

Locks: on PostgreSQL the row is locked from that last UPDATE to the COMMIT only, after
every other lock the transaction takes (see ``core.locks``): concurrent writers queue
there for a moment, they cannot deadlock on it.

Cost: one primary-key read per cached page; one upsert per relevant commit.
"""

import secrets
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import Generic, TypeVar

from sqlalchemy import CheckConstraint, DateTime, Integer, String, event, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..core.extensions import db
from ._base import utcnow
from .matching_settings import MatchingSettings
from .need import Need, Offer
from .organisation import Organisation
from .pairing import Pairing, PairRejection

WATCHED = (Need, Offer, Organisation, Pairing, PairRejection, MatchingSettings)
_CHANGED = "entraide_network_changed"


class NetworkVersion(db.Model):
    __tablename__ = "network_version"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def current_token() -> str | None:
    """The network's version now; None when the row is missing (then nothing is cached)."""
    return db.session.execute(select(NetworkVersion.token).where(NetworkVersion.id == 1)).scalar()


T = TypeVar("T")


class NetworkCache(Generic[T]):  # noqa: UP046 - Python 3.11 has no type parameter lists
    """One value per process, computed from the network and kept until its version changes.

    The key is the network's token and today's date (the engine tells young SCICs from
    experienced ones by the year). Without a token (a database without the row) nothing
    is kept. One build at a time per process; the others wait for it and share it.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._entry: tuple[tuple, T] | None = None  # (key, value), replaced as a whole

    def get(self, build: Callable[[tuple], T]) -> T:
        """The value for the network now: the kept one, or ``build(key)`` kept in its place."""
        token = current_token()
        key = (token, date.today())
        entry = self._entry
        if token is not None and entry is not None and entry[0] == key:
            return entry[1]
        with self._lock:
            entry = self._entry
            if token is not None and entry is not None and entry[0] == key:
                return entry[1]
            value = build(key)
            if token is not None:
                self._entry = (key, value)
            return value

    def forget(self) -> None:
        """Drop the kept value (tests; the token makes it needless in production)."""
        self._entry = None


def bump(session: Session) -> str:
    """Write a new token (creating the row if needed) in ``session``'s transaction."""
    token = secrets.token_hex(16)
    values = {"id": 1, "token": token, "changed_at": utcnow()}
    dialect = session.get_bind(mapper=NetworkVersion.__mapper__).dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(NetworkVersion).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_={"token": token, "changed_at": values["changed_at"]}
    )
    session.execute(statement)
    return token


def _watched(obj) -> bool:
    return isinstance(obj, WATCHED)


@event.listens_for(Session, "before_flush")
def _note_changes(session, _flush_context, _instances) -> None:
    if session.info.get(_CHANGED):
        return
    changed = any(_watched(obj) for obj in (*session.new, *session.deleted)) or any(
        _watched(obj) and session.is_modified(obj) for obj in session.dirty
    )
    if changed:
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state) -> None:
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and mapper.class_ in WATCHED:
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_on_commit(session) -> None:
    # Registered after the audit trail's listener (models/__init__ imports audit first):
    # its pending entries are flushed by then. Flush what is left, so that the note is
    # complete, then bump last. A savepoint's commit leaves it to the outer one.
    if session.in_nested_transaction():
        return
    if session.new or session.dirty or session.deleted:
        session.flush()
    if session.info.pop(_CHANGED, False):
        bump(session)


@event.listens_for(Session, "after_rollback")
def _forget_changes(session) -> None:
    session.info.pop(_CHANGED, None)


@event.listens_for(Session, "after_commit")
def _clear_after_commit(session) -> None:
    session.info.pop(_CHANGED, None)
