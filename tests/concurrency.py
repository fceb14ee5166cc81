"""Real concurrent transactions, for the races PostgreSQL must close (row locks, indexes).

Each job runs in its own thread, application context, session and transaction; a barrier
releases them together. SQLite serialises writing requests (BEGIN IMMEDIATE) and ignores
FOR UPDATE, so these tests run on PostgreSQL only (the suite runs there too in CI).
"""

import os
import threading
import time

import pytest

from entraide.core.extensions import db
from tests.conftest import login

ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")

postgres_only = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="row locks and concurrent transactions are exercised on PostgreSQL "
        "(the suite runs there too in CI)",
    ),
]

# Long enough for every other job to reach its lock (or its stale read) meanwhile.
WINDOW = 0.3


def race(app, jobs) -> list[str]:
    """Run each job (a function of no argument) then commit; "ok" or the exception's name."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        with app.app_context():
            barrier.wait()
            try:
                job()
                db.session.commit()
                outcomes[index] = "ok"
            except Exception as error:  # noqa: BLE001 - the outcome is what we test
                db.session.rollback()
                outcomes[index] = type(error).__name__
            finally:
                db.session.remove()

    _run_threads(run, jobs)
    return outcomes


def logged_in_client(app, user):
    """A test client of its own (one per thread), logged in as ``user``."""
    client = app.test_client()
    response = login(client, user.email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def race_requests(requests) -> list:
    """Send the requests (functions of no argument returning a response) all at once."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def run(index, send):
        barrier.wait()
        responses[index] = send()

    _run_threads(run, requests)
    return responses


def _run_threads(run, items) -> None:
    threads = [threading.Thread(target=run, args=(i, item)) for i, item in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a job is still running"


def slow_down(monkeypatch, module, name: str, seconds: float = WINDOW) -> None:
    """Make ``module.name`` wait before it runs: a service calling it between its check
    and its write (``record``, mostly) holds its locks, or its stale reading, that long."""
    original = getattr(module, name)

    def slowed(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slowed)


def fresh(statement):
    """Rows read now, committed state (nothing from the identity map)."""
    db.session.expire_all()
    return db.session.execute(statement)
