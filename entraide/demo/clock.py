"""The demo's calendar: a year of life written through the services, then dated.

The services stamp what they write with the present time (``utcnow``: audit entries,
transitions, consents, closings, mails…). A step of the demo runs them now, then moves
every time written during the step to the moment the story says it happened, so that the
journal, the follow-up pages and the report read like a year of use rather than one
minute of loading.

A story is told as generators (``life.py``): each yields the next moment it needs, as a
number of days before today (and optionally a Paris time ``"HH:MM"``); :func:`play`
runs the steps of all stories in the order of their moments.
"""

import heapq
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import DateTime, case, event, or_, update

from ..core.extensions import db
from ..models._base import utcnow
from ..text import LOCAL_TZ

# Tables whose times are not the story's: the network's version (any commit renews it).
_NOT_STORY = {"network_version"}


def moment(day: date, at: str = "10:00") -> datetime:
    """Naive UTC (as stored) of a Paris day and time."""
    local = datetime.combine(day, time.fromisoformat(at), tzinfo=LOCAL_TZ)
    return local.astimezone(UTC).replace(tzinfo=None)


class _Touched:
    """The tables a step writes to: rows the ORM flushed, and statements run through the
    session (bulk updates); only those are dated again."""

    def __init__(self):
        self.tables = set()

    def after_flush(self, session, _context):
        for obj in (*session.new, *session.dirty):
            table = getattr(type(obj), "__table__", None)
            if table is not None:
                self.tables.add(table)

    def do_orm_execute(self, state):
        if state.is_insert or state.is_update:
            self.tables.add(state.statement.table)


def _redate(table, started: datetime, when: datetime) -> None:
    """One UPDATE: each time column written since ``started`` takes ``when``."""
    columns = [c for c in table.columns if isinstance(c.type, DateTime)]
    if not columns or table.name in _NOT_STORY:
        return
    values = {c.name: case((c >= started, when), else_=c) for c in columns}
    condition = or_(*(c >= started for c in columns))
    db.session.execute(
        update(table).where(condition).values(values),
        execution_options={"synchronize_session": False},
    )


@contextmanager
def happening_at(when: datetime):
    """Run a step now; then date what it wrote at ``when`` (a naive UTC time in the past)."""
    started = utcnow()
    touched = _Touched()
    session = db.session()
    event.listen(session, "after_flush", touched.after_flush)
    event.listen(session, "do_orm_execute", touched.do_orm_execute)
    try:
        yield
        db.session.flush()
    finally:
        event.remove(session, "after_flush", touched.after_flush)
        event.remove(session, "do_orm_execute", touched.do_orm_execute)
    for table in sorted(touched.tables, key=lambda t: t.name):
        _redate(table, started, when)
    # Objects in the session must not keep the present time they were given.
    db.session.expire_all()


def play(stories, today: date) -> None:
    """Run the steps of every story in the order of their moments (ties: story order)."""
    queue = []

    def schedule(order, story, step):
        days_ago, at = step if isinstance(step, tuple) else (step, "10:00")
        when = moment(today - timedelta(days=days_ago), at)
        heapq.heappush(queue, (when, order, story))

    for order, story in enumerate(stories):
        step = next(story, None)
        if step is not None:
            schedule(order, story, step)
    while queue:
        when, order, story = heapq.heappop(queue)
        with happening_at(when):
            step = next(story, None)
        if step is not None:
            schedule(order, story, step)
