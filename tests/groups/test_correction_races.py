"""Two corrections of one group meeting at the same moment, on PostgreSQL: one is saved,
the other is refused in French (409) and writes nothing."""

from datetime import date, timedelta

import entraide.groups.corrections as corrections
import entraide.groups.services as group_services
from entraide.core.extensions import db
from entraide.models import AuditEntry, GroupMeeting
from tests.concurrency import fresh, logged_in_client, postgres_only, race_requests, slow_down
from tests.web.helpers import text_of

pytestmark = postgres_only


def test_two_corrections_at_once_keep_one_and_say_so(app, world, monkeypatch):
    group = group_services.create_group(None, "Lens", [world["lens"], world["lievin"]])
    meeting = group_services.record_meeting(
        group,
        world["coordinator"],
        held_on=date.today() - timedelta(days=2),
        kind="rencontre",
        title="Rencontre",
        host=world["lens"],
    )
    db.session.commit()
    url = f"/groupes/rencontres/{meeting.id}/corriger"
    form = {
        "held_on": meeting.held_on.isoformat(),
        "kind": "rencontre",
        "title": "Rencontre",
        "host_id": str(world["lens"].id),
        "volunteer_hours": "0",
        "version": "1",
    }
    slow_down(monkeypatch, corrections, "record")
    first, second = (logged_in_client(app, world["coordinator"]) for _ in range(2))

    responses = race_requests(
        [
            lambda: first.post(url, data=form | {"topics": "Sujets A"}),
            lambda: second.post(url, data=form | {"topics": "Sujets B"}),
        ]
    )

    assert sorted(r.status_code for r in responses) == [302, 409]
    assert corrections.STALE in text_of(next(r for r in responses if r.status_code == 409))
    saved = fresh(db.select(GroupMeeting.topics, GroupMeeting.version)).one()
    assert saved.version == 2 and saved.topics in ("Sujets A", "Sujets B")
    entries = fresh(db.select(AuditEntry).filter_by(action="meeting.correct")).scalars().all()
    assert [entry.after["topics"] for entry in entries] == [saved.topics]
