"""A group's planned meetings and the corrections of records, together: a planned or
cancelled meeting is not corrected (409); one planned then recorded by its host belongs to
the host's member who recorded it, for 30 days from the record, time, duration and place
included; a planning form filled from a meeting changed meanwhile is refused (409)."""

import re
from datetime import date, time, timedelta

import pytest

from entraide.core.extensions import db
from entraide.groups import corrections, planning
from entraide.models import AuditEntry, GroupMeeting, OutboxMail
from entraide.models._base import utcnow
from entraide.models.corrections import CANCELLED, CORRECTION_DAYS, PLANNED
from tests.calendars.conftest import SOON, plan_group_meeting
from tests.meetings import row_counts
from tests.web.helpers import text_of

TODAY = date.today()


def _plan(trio, day=SOON) -> GroupMeeting:
    return plan_group_meeting(trio, day, place="Salle des fêtes", duration_minutes=90)


def _counts() -> tuple:
    db.session.expire_all()
    return row_counts(GroupMeeting, OutboxMail, AuditEntry)


def _fresh(meeting_id: int) -> GroupMeeting:
    db.session.expire_all()
    return db.session.get(GroupMeeting, meeting_id)


def _url(meeting) -> str:
    return f"/groupes/rencontres/{meeting.id}/corriger"


def _planning_url(trio, meeting, action: str) -> str:
    return f"/groupes/{trio['group'].id}/rencontres/{meeting.id}/{action}"


def _record_form(trio, meeting, **changes) -> dict:
    orgs = trio["orgs"]
    data = {
        "held_on": TODAY.isoformat(),
        "start_time": "14:30",
        "duration_minutes": "90",
        "kind": "rencontre",
        "title": "Rencontre de printemps",
        "host_id": str(orgs["Bravo"].id),
        "place": "Salle des fêtes",
        "participant_ids": [str(orgs["Charlie"].id)],
        "topics": "Statuts",
        "volunteer_hours": "6,5",
        "version": str(meeting.version),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["coordinator", "Alpha"])
def test_a_planned_group_meeting_is_changed_not_corrected(who, app_ctx, trio, client, login_as):
    meeting = _plan(trio)
    login_as(trio["coordinator"] if who == "coordinator" else trio["people"][who])
    before = _counts()

    page = client.get(_url(meeting))
    sent = client.post(_url(meeting), data=_record_form(trio, meeting))

    for response in (page, sent):
        assert response.status_code == 409 and PLANNED in text_of(response)
    assert _counts() == before and _fresh(meeting.id).status == "planned"
    assert _url(meeting) not in text_of(client.get(f"/groupes/{trio['group'].id}"))


def test_a_cancelled_group_meeting_is_not_corrected(app_ctx, trio, client, login_as):
    meeting = _plan(trio)
    planning.cancel_meeting(meeting, trio["coordinator"], "Grève")
    db.session.commit()
    login_as(trio["coordinator"])
    before = _counts()

    response = client.post(_url(meeting), data=_record_form(trio, meeting))

    assert response.status_code == 409 and CANCELLED in text_of(response)
    assert _counts() == before
    assert _url(meeting) not in text_of(client.get(f"/groupes/{trio['group'].id}"))


def test_the_host_that_recorded_it_corrects_time_duration_and_place(
    app_ctx, trio, client, login_as
):
    meeting = _plan(trio, day=TODAY)
    table = GroupMeeting.__table__
    db.session.execute(
        db.update(table).where(table.c.id == meeting.id).values(created_at=utcnow() - timedelta(40))
    )
    db.session.commit()
    bravo = trio["people"]["Bravo"]
    login_as(bravo)
    record = client.post(
        _planning_url(trio, meeting, "compte-rendu"), data=_record_form(trio, meeting)
    )
    assert record.status_code == 302, text_of(record)
    held = _fresh(meeting.id)
    assert (held.status, held.recorded_by_id, held.duration_minutes) == ("held", bravo.id, 90)

    group_page = text_of(client.get(f"/groupes/{trio['group'].id}"))
    assert _url(meeting) in group_page
    form = text_of(client.get(_url(meeting)))
    assert 'name="duration_minutes" type="number" value="90"' in form
    response = client.post(
        _url(meeting),
        data=_record_form(
            trio,
            held,
            start_time="18:15",
            duration_minutes="150",
            place="Mairie de Liévin",
            version=str(held.version),
        ),
    )
    assert response.status_code == 302, text_of(response)
    corrected = _fresh(meeting.id)
    assert (corrected.start_time, corrected.duration_minutes, corrected.place) == (
        time(18, 15),
        150,
        "Mairie de Liévin",
    )
    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="meeting.correct")).one()
    assert entry.before == {
        "start_time": "14:30",
        "duration_minutes": 90,
        "place": "Salle des fêtes",
    }

    login_as(trio["coordinator"])
    journal = " ".join(re.sub(r"<[^>]+>", "", text_of(client.get("/journal"))).split())
    assert "du groupe « Groupe de Lens » : heure de début, durée et lieu." in journal
    for detail in (
        "Heure de début : 14:30 → 18:15",
        "Durée : 90 minutes → 150 minutes",
        "Lieu : « Salle des fêtes » → « Mairie de Liévin »",
    ):
        assert detail in journal, detail

    # The relay organisation planned and records the group's meetings; this record is
    # Bravo's: Alpha's member may not correct it.
    login_as(trio["people"]["Alpha"])
    refused = client.get(_url(meeting))
    assert refused.status_code == 403 and corrections.NOT_YOURS in text_of(refused)


def test_the_thirty_days_of_a_group_meeting_run_from_its_record(app_ctx, trio):
    meeting = _plan(trio, day=TODAY)
    table = GroupMeeting.__table__
    db.session.execute(
        db.update(table)
        .where(table.c.id == meeting.id)
        .values(created_at=utcnow() - timedelta(days=CORRECTION_DAYS + 5))
    )
    db.session.commit()
    orgs = trio["orgs"]
    planning.record_planned_meeting(
        meeting,
        trio["people"]["Bravo"],
        held_on=TODAY,
        kind="rencontre",
        title="Rencontre de printemps",
        host=orgs["Bravo"],
    )
    db.session.commit()

    assert meeting.can_correct(trio["people"]["Bravo"])
    assert corrections.deadline_of(meeting) - meeting.recorded_at == timedelta(days=CORRECTION_DAYS)
    later = meeting.recorded_at + timedelta(days=CORRECTION_DAYS)
    assert corrections.refusal(meeting, trio["coordinator"], now=later).status == 409


def test_two_changes_of_a_group_meeting_keep_the_first_and_say_so(
    app_ctx, trio, client, login_as, outbox
):
    meeting = _plan(trio)
    orgs = trio["orgs"]
    url = _planning_url(trio, meeting, "modifier")
    change = {
        "held_on": SOON.isoformat(),
        "start_time": "09:00",
        "kind": "rencontre",
        "title": "Rencontre de printemps",
        "host_id": str(orgs["Bravo"].id),
        "expected_ids": [str(org.id) for org in orgs.values()],
        "version": "1",
    }
    login_as(trio["people"]["Alpha"])
    assert 'name="version" type="hidden" value="1"' in text_of(client.get(url))
    assert client.post(url, data=change).status_code == 302
    before, mails = _counts(), len(outbox)

    login_as(trio["coordinator"])
    second = client.post(url, data={**change, "start_time": "20:00"})

    assert second.status_code == 409 and planning.STALE in text_of(second)
    assert _counts() == before and len(outbox) == mails
    assert _fresh(meeting.id).start_time == time(9, 0)


def test_a_group_planning_form_without_its_version_is_refused(app_ctx, trio, client, login_as):
    meeting = _plan(trio, day=TODAY)
    login_as(trio["coordinator"])
    before = _counts()
    data = _record_form(trio, meeting)
    del data["version"]

    response = client.post(_planning_url(trio, meeting, "compte-rendu"), data=data)

    assert response.status_code == 422 and planning.INCOMPLETE in text_of(response)
    assert _counts() == before and _fresh(meeting.id).status == "planned"
