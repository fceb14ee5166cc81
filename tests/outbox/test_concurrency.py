"""PostgreSQL: a worker claiming mails skips the rows another worker holds, without waiting."""

import os
import threading

import pytest
from sqlalchemy import text

from entraide.core.extensions import db
from entraide.models import OutboxMail
from entraide.outbox import services

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
        reason="row locks and concurrent transactions are exercised on PostgreSQL "
        "(the suite runs there too in CI)",
    ),
]


def test_a_claim_skips_the_rows_another_worker_has_locked(app):
    with app.app_context():
        mails = services.queue(
            [f"p{i}@exemple.fr" for i in range(6)], "reminder", "Relance", "Corps"
        )
        db.session.commit()
        ids = [mail.id for mail in mails]
        db.session.remove()

    with app.app_context(), db.engine.connect() as other_worker:
        # Another worker is in the middle of its claim: it holds the first three rows.
        transaction = other_worker.begin()
        other_worker.execute(
            text("SELECT id FROM outbox WHERE id IN (:a, :b, :c) FOR UPDATE"),
            {"a": ids[0], "b": ids[1], "c": ids[2]},
        )
        claimed: list = []

        def claim():
            with app.app_context():
                claimed.extend(mail.id for mail in services.claim_due(limit=10)[2])
                db.session.remove()

        thread = threading.Thread(target=claim)
        thread.start()
        thread.join(timeout=10)
        finished = not thread.is_alive()
        transaction.rollback()
        thread.join(timeout=10)

    assert finished, "the claim waited for the other worker's locks"
    assert claimed == ids[3:]
    with app.app_context():
        statuses = dict(db.session.execute(db.select(OutboxMail.id, OutboxMail.status)).all())
        assert [statuses[i] for i in ids] == ["waiting"] * 3 + ["sending"] * 3
