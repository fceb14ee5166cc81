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

from sqlalchemy import DateTime, update

from ..core.extensions import db
from ..models._base import utcnow
from ..text import LOCAL_TZ

# Tables whose times are not the story's: the network's version (any commit renews it).
_NOT_STORY = {"network_version"}


def moment(day: date, at: str = "10:00") -> datetime:
    """Naive UTC (as stored) of a Paris day and time."""
    local = datetime.combine(day, time.fromisoformat(at), tzinfo=LOCAL_TZ)
    return local.astimezone(UTC).replace(tzinfo=None)


def _datetime_columns():
    for table in db.metadata.sorted_tables:
        if table.name in _NOT_STORY:
            continue
        columns = [c for c in table.columns if isinstance(c.type, DateTime)]
        if columns:
            yield table, columns


@contextmanager
def happening_at(when: datetime):
    """Run a step now; then date what it wrote at ``when`` (a naive UTC time in the past)."""
    started = utcnow() - timedelta(seconds=1)
    yield
    db.session.flush()
    for table, columns in _datetime_columns():
        for column in columns:
            db.session.execute(
                update(table).where(column >= started).values({column.name: when}),
                execution_options={"synchronize_session": False},
            )
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
