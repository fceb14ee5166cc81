"""Row locks for the rules two requests could race on, and the order they are taken in.

A service that checks a rule on some rows and then writes locks those rows first, reloaded
from the database: a concurrent transaction doing the same waits for the commit, then reads
what was committed instead of the copy its session loaded before. On PostgreSQL (READ
COMMITTED) this closes the gap between the check and the write; SQLite ignores FOR UPDATE,
and needs nothing more: a request that may write holds the database's write lock from its
first query (``core.sqlite``).

Rules that are structural are kept by the database instead (unique and partial unique
indexes): a race there ends in an ``IntegrityError``, which the web answers with the
"Action impossible" page (``web.errors``), as it does ``StaleDataError`` (a pairing's version).

Two kinds of lock:

- :func:`lock` (``FOR NO KEY UPDATE``): the row the service changes, or whose state decides
  what it writes. Two such locks on a row wait for each other, and so do an UPDATE or a
  DELETE; the key-share lock PostgreSQL takes for a foreign key (inserting a follow-up that
  names the pairing) does not wait.
- :func:`lock_shared` (``FOR SHARE``): a row whose state only allows the write, where several
  writers may go at once (two meetings logged in one active pairing) but a change of the row
  itself (stopping the pairing) must wait.

Deadlocks are avoided by taking locks in one order, by table, then by id within a table:

    user_account < organisation < territorial_group < pairing < need, offer,
    pair_rejection, followup, followup_action, group_meeting, help_request, report rows
    (a testimony, report_highlight, before its approvals)

(``network_action`` stands alone: an upload holds it shared and a deletion exclusively,
so a deleted action never leaves a document's file behind.)

A service that will update a row of an earlier table at commit locks it explicitly before
the later ones (``followups.evaluate`` locks the organisation before its needs).
"""

from collections.abc import Iterable

from sqlalchemy import inspect, select

from .errors import UserError
from .extensions import db

_EXCLUSIVE = {"key_share": True}  # FOR NO KEY UPDATE
_SHARED = {"read": True}  # FOR SHARE


def lock(obj, shared: bool = False):
    """Lock ``obj``'s row until the transaction ends and reload it (columns, and
    relationships on their next access); None if the row was deleted meanwhile.

    Call it before changing ``obj``: the reload replaces unsaved changes. A row this
    transaction is adding (no identity yet) is its own: nothing to lock."""
    state = inspect(obj)
    mapper, identity = state.mapper, state.identity
    if identity is None:
        return obj
    query = select(mapper).where(
        *(column == value for column, value in zip(mapper.primary_key, identity, strict=True))
    )
    # OF the row's own table: not the tables a joined eager load adds (PostgreSQL refuses
    # to lock the nullable side of an outer join).
    kind = _SHARED if shared else _EXCLUSIVE
    return db.session.execute(
        query.with_for_update(of=mapper.local_table, **kind).execution_options(
            populate_existing=True
        )
    ).scalar_one_or_none()


def lock_at_version(obj, expected: int | None, gone: str, stale: str):
    """:func:`lock` ``obj``, refusing in French if it was deleted (404, ``gone``) or changed
    since the form was filled from version ``expected`` (409, ``stale``; None: not
    checked). Two people saving the same record: the second is refused, not merged."""
    locked = lock(obj)
    if locked is None:
        raise UserError(gone, 404)
    if expected is not None and locked.version != expected:
        raise UserError(stale, 409)
    return locked


def lock_shared(obj):
    """:func:`lock` with a shared lock: other shared locks go on, changes of the row wait."""
    return lock(obj, shared=True)


def lock_all(objects: Iterable, shared: bool = False) -> list:
    """Lock several rows of one table, by id (the fixed order); the rows still there."""
    rows = sorted(objects, key=lambda obj: inspect(obj).identity or ())
    return [row for row in (lock(obj, shared) for obj in rows) if row is not None]
