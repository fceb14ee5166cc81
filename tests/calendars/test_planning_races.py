"""Two « Modifier » of one planned meeting at the same moment, on PostgreSQL: one is saved
and mailed, the other is refused in French (409), writes nothing and mails nobody; nobody
gets a 500 (a pairing's meeting and a group's)."""

from datetime import time

import entraide.followups.planning as followup_planning
import entraide.groups.planning as group_planning
from entraide.core.extensions import db
from entraide.models import AuditEntry, FollowUp, GroupMeeting, OutboxMail
from tests.calendars.conftest import AT, SOON, plan_group_meeting
from tests.concurrency import fresh, logged_in_client, postgres_only, race_requests, slow_down
from tests.web.helpers import text_of

pytestmark = postgres_only


def _race(app, users, url, form, starts):
    clients = [logged_in_client(app, user) for user in users]
    responses = race_requests(
        [
            lambda client=client, start=start: client.post(url, data=form | {"start_time": start})
            for client, start in zip(clients, starts, strict=True)
        ]
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert "modifiée par quelqu'un d'autre" in text_of(refused)
    return starts[[r.status_code for r in responses].index(302)]


def test_two_changes_of_a_pairing_meeting_at_once(app, duo, pairing, monkeypatch):
    followup = followup_planning.plan_followup(
        pairing, duo["mentee_user"], held_on=SOON, start_time=AT, format="visit"
    )
    db.session.commit()
    url = f"/parrainages/{pairing.id}/rencontres/{followup.id}/modifier"
    form = {"held_on": SOON.isoformat(), "format": "visit", "version": "1"}
    slow_down(monkeypatch, followup_planning, "record")

    saved = _race(app, [duo["mentee_user"], duo["mentor_user"]], url, form, ["09:00", "17:00"])

    row = fresh(db.select(FollowUp.start_time, FollowUp.version, FollowUp.sequence)).one()
    assert tuple(row) == (time.fromisoformat(saved), 2, 1)
    changes = fresh(db.select(AuditEntry).filter_by(action="followup.reschedule")).scalars()
    assert [entry.after["start_time"] for entry in changes] == [saved]
    subjects = fresh(db.select(OutboxMail.subject).filter_by(kind="meeting_planned")).scalars()
    assert sum(subject.startswith("Rencontre modifiée") for subject in subjects) == 2


def test_two_changes_of_a_group_meeting_at_once(app, trio, monkeypatch):
    orgs = trio["orgs"]
    meeting = plan_group_meeting(trio, expected=[orgs["Bravo"]])
    url = f"/groupes/{trio['group'].id}/rencontres/{meeting.id}/modifier"
    form = {
        "held_on": SOON.isoformat(),
        "kind": "rencontre",
        "title": "Rencontre de printemps",
        "host_id": str(orgs["Bravo"].id),
        "expected_ids": [str(orgs["Bravo"].id)],
        "version": "1",
    }
    slow_down(monkeypatch, group_planning, "record")

    saved = _race(
        app, [trio["people"]["Alpha"], trio["coordinator"]], url, form, ["09:00", "20:00"]
    )

    row = fresh(db.select(GroupMeeting.start_time, GroupMeeting.sequence)).one()
    assert tuple(row) == (time.fromisoformat(saved), 1)
    changes = fresh(db.select(AuditEntry).filter_by(action="meeting.reschedule")).scalars()
    assert [entry.after["start_time"] for entry in changes] == [saved]
