"""Two corrections of one meeting at the same moment, on PostgreSQL: one is saved, the
other is refused in French (409) and writes nothing; nobody gets a 500."""

from decimal import Decimal

import entraide.followups.corrections as corrections
from entraide.core.extensions import db
from entraide.models import AuditEntry, FollowUp
from tests.concurrency import fresh, logged_in_client, postgres_only, race_requests, slow_down
from tests.followups.conftest import log_meeting
from tests.web.helpers import text_of

pytestmark = postgres_only


def test_two_corrections_at_once_keep_one_and_say_so(app, duo, pairing, monkeypatch):
    meeting = log_meeting(pairing, duo["mentee_user"], days_ago=3, volunteer_hours=Decimal(2))
    url = f"/parrainages/{pairing.id}/rencontres/{meeting.id}/corriger"
    form = {
        "held_on": meeting.held_on.isoformat(),
        "format": "visit",
        "volunteer_hours": "2",
        "version": "1",
    }
    slow_down(monkeypatch, corrections, "record")
    author = logged_in_client(app, duo["mentee_user"])
    coordination = logged_in_client(app, duo["coordinator"])

    responses = race_requests(
        [
            lambda: author.post(url, data=form | {"summary": "Version de l'autrice"}),
            lambda: coordination.post(url, data=form | {"summary": "Version de la coordination"}),
        ]
    )

    assert sorted(r.status_code for r in responses) == [302, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert corrections.STALE in text_of(refused)
    winner = responses.index(next(r for r in responses if r.status_code == 302))
    saved = fresh(db.select(FollowUp.summary, FollowUp.version)).one()
    expected = ("Version de l'autrice", "Version de la coordination")[winner]
    assert tuple(saved) == (expected, 2)
    entries = fresh(db.select(AuditEntry).filter_by(action="followup.correct")).scalars().all()
    assert [entry.after["summary"] for entry in entries] == [expected]
