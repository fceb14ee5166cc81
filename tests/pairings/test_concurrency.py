"""Real concurrent transactions on PostgreSQL: no double pairing, no capacity exceeded."""

import os
import threading

import pytest

from entraide.core.extensions import db
from entraide.models import Organisation, Pairing, User
from entraide.pairings import services

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="row locks and concurrent transactions are exercised on PostgreSQL "
    "(the suite runs there too in CI)",
)


def _race(app, jobs):
    """Run each job in its own thread, app context and transaction, all at once."""
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

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_coordinators_cannot_both_use_the_last_place(app, make):
    mentor = make.organisation("Parrain Unique", year_created=2000, mentor_capacity=1)
    first = make.organisation("Pousse Un", year_created=2023)
    second = make.organisation("Pousse Deux", year_created=2023)
    coordinator = make.coordinator()
    ids = (mentor.id, first.id, second.id, coordinator.id)

    def propose(mentee_id):
        def job():
            actor = db.session.get(User, ids[3])
            services.propose(
                actor, db.session.get(Organisation, mentee_id), db.session.get(Organisation, ids[0])
            )

        return job

    outcomes = _race(app, [propose(ids[1]), propose(ids[2])])
    assert sorted(outcomes) == ["UserError", "ok"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Pairing.id))) == 1


def test_same_mentee_proposed_twice_at_once_gives_one_pairing(app, make):
    mentee = make.organisation("Pousse Convoitée", year_created=2023)
    one = make.organisation("Parrain A", year_created=2000, mentor_capacity=2)
    two = make.organisation("Parrain B", year_created=2001, mentor_capacity=2)
    coordinator = make.coordinator()
    ids = (mentee.id, one.id, two.id, coordinator.id)

    def propose(mentor_id):
        def job():
            actor = db.session.get(User, ids[3])
            services.propose(
                actor, db.session.get(Organisation, ids[0]), db.session.get(Organisation, mentor_id)
            )

        return job

    outcomes = _race(app, [propose(ids[1]), propose(ids[2])])
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} <= {"UserError", "IntegrityError"}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Pairing.id))) == 1
