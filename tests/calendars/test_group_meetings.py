"""A group's meetings planned ahead: who may plan and record them (the coordination, the
relay organisation of the contact person, the host of a planned meeting), the rules, the
invitations to the organisations expected, the group page."""

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from entraide.core.extensions import db
from entraide.groups import planning
from entraide.models import AuditEntry, GroupMeeting, OutboxMail
from entraide.reports.period import year_period
from entraide.reports.queries import group_meetings as group_figures
from tests.calendars.conftest import AT, SOON, plan_group_meeting
from tests.meetings import row_counts
from tests.web.helpers import text_of

TODAY = date.today()


def _data(trio, **overrides):
    orgs = trio["orgs"]
    data = {
        "held_on": SOON.isoformat(),
        "start_time": "18:00",
        "kind": "atelier",
        "title": "Atelier statuts",
        "host_id": str(orgs["Bravo"].id),
        "expected_ids": [str(orgs["Bravo"].id), str(orgs["Charlie"].id)],
    }
    data.update(overrides)
    return data


def _plan(trio, day=SOON):
    return plan_group_meeting(trio, day)


def _counts():
    return row_counts(GroupMeeting, OutboxMail, AuditEntry)


def test_the_contact_person_plans_and_records_where_it_used_to_get_403(
    app_ctx, trio, client, login_as
):
    group = trio["group"]
    login_as(trio["people"]["Alpha"])
    assert client.get(f"/groupes/{group.id}/rencontres/nouvelle").status_code == 200
    response = client.post(f"/groupes/{group.id}/rencontres/prevoir", data=_data(trio))
    assert response.status_code == 302
    meeting = db.session.execute(db.select(GroupMeeting)).scalar_one()
    # The host is always expected; Alpha (not ticked) is not invited.
    assert [o.name for o in meeting.expected] == ["Bravo", "Charlie"]
    mails = db.session.scalars(db.select(OutboxMail)).all()
    assert sorted(m.recipient for m in mails) == ["bravo@exemple.fr", "charlie@exemple.fr"]
    [event] = Calendar.from_ical(mails[0].attachment).events
    assert event["UID"] == f"rencontre-groupe-{meeting.id}@entraide.test"
    assert event["LOCATION"].startswith("Bravo")  # no place given: the host's town
    page = text_of(client.get(f"/groupes/{group.id}"))
    assert page.index("Prochaines rencontres") < page.index(">Rencontres<")
    assert "Atelier statuts" in page and "18:00" in page and "Noter le compte rendu" in page


def test_another_member_of_the_group_may_read_but_not_plan(app_ctx, trio, client, login_as):
    group = trio["group"]
    meeting = _plan(trio)
    login_as(trio["people"]["Charlie"])
    assert client.get(f"/groupes/{group.id}/rencontres/prevoir").status_code == 403
    assert client.post(f"/groupes/{group.id}/rencontres/nouvelle", data={}).status_code == 403
    url = f"/groupes/{group.id}/rencontres/{meeting.id}"
    assert client.post(url + "/annuler", data={}).status_code == 403
    assert client.get(url + "/rencontre.ics").status_code == 200
    page = text_of(client.get(f"/groupes/{group.id}"))
    assert "Télécharger (.ics)" in page and "Annuler la rencontre" not in page
    db.session.expire_all()
    assert db.session.get(GroupMeeting, meeting.id).status == "planned"


def test_the_host_records_the_meeting_it_hosted(app_ctx, trio, client, login_as):
    meeting = _plan(trio, day=TODAY)
    login_as(trio["people"]["Bravo"])
    url = f"/groupes/{trio['group'].id}/rencontres/{meeting.id}/compte-rendu"
    orgs = trio["orgs"]
    data = {
        "held_on": TODAY.isoformat(),
        "kind": "rencontre",
        "title": "Rencontre de printemps",
        "host_id": str(orgs["Bravo"].id),
        "participant_ids": [str(orgs["Charlie"].id)],
        "topics": "Statuts",
        "volunteer_hours": "6,5",
        "version": str(meeting.version),  # the one the form was filled from
    }
    assert client.post(url, data={**data, "held_on": SOON.isoformat()}).status_code == 422
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    held = db.session.get(GroupMeeting, meeting.id)
    assert held.status == "held" and held.start_time == AT
    assert [o.name for o in held.participants] == ["Bravo", "Charlie"]
    figures = group_figures(year_period(TODAY.year))
    assert figures["count"] == 1 and figures["attendance"] == 2


def test_planned_and_cancelled_meetings_are_not_activity(app_ctx, trio):
    _plan(trio, day=TODAY)
    cancelled = _plan(trio, day=TODAY)
    planning.cancel_meeting(cancelled, trio["coordinator"], "Grève")
    db.session.commit()
    assert group_figures(year_period(TODAY.year))["count"] == 0


def test_wrong_days_are_refused_in_french_and_write_nothing(app_ctx, trio, client, login_as):
    group = trio["group"]
    login_as(trio["coordinator"])
    before = _counts()
    past = (TODAY - timedelta(days=1)).isoformat()
    response = client.post(
        f"/groupes/{group.id}/rencontres/prevoir", data=_data(trio, held_on=past)
    )
    assert response.status_code == 422
    assert "ne peut pas être passée" in text_of(response)
    data = _data(trio, held_on=SOON.isoformat(), host_id="0")
    assert client.post(f"/groupes/{group.id}/rencontres/prevoir", data=data).status_code == 422
    response = client.post(
        f"/groupes/{group.id}/rencontres/nouvelle",
        data={**_data(trio), "volunteer_hours": "1"},
    )
    assert response.status_code == 422
    assert "ne peut pas être dans le futur" in text_of(response)
    assert _counts() == before


def test_cancelling_and_archiving(app_ctx, trio, client, login_as, outbox):
    group = trio["group"]
    meeting, other = _plan(trio), _plan(trio)
    login_as(trio["people"]["Alpha"])
    url = f"/groupes/{group.id}/rencontres/{meeting.id}/annuler"
    assert "3 personnes attendues recevront" in text_of(client.get(url))
    assert client.post(url, data={"reason": "Salle prise"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(GroupMeeting, meeting.id).status == "cancelled"
    page = text_of(client.get(f"/groupes/{group.id}"))
    assert "Annulée" in page and "Salle prise" in page
    assert client.post(url, data={}).status_code == 409
    # Archiving the group cancels what was still planned, and tells the people expected.
    planning.archive(db.session.get(type(group), group.id), trio["coordinator"])
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(GroupMeeting, other.id).status == "cancelled"
    assert sum(1 for m in outbox if m["kind"] == "meeting_cancelled") == 6


def test_changing_who_is_expected_cancels_for_those_no_longer_expected(app_ctx, trio):
    meeting = _plan(trio)
    orgs = trio["orgs"]
    assert planning.reschedule_meeting(
        meeting,
        trio["coordinator"],
        held_on=SOON,
        start_time=AT,
        kind="rencontre",
        title="Rencontre de printemps",
        host=orgs["Bravo"],
        expected=[orgs["Bravo"]],
    )
    db.session.commit()
    mails = db.session.scalars(db.select(OutboxMail).order_by(OutboxMail.id)).all()[3:]
    kinds = sorted((m.recipient, m.attachment_type) for m in mails)
    assert kinds == [
        ("alpha@exemple.fr", "text/calendar; method=CANCEL"),
        ("bravo@exemple.fr", "text/calendar; method=REQUEST"),
        ("charlie@exemple.fr", "text/calendar; method=CANCEL"),
    ]
    with pytest.raises(Exception, match="doivent faire partie du groupe"):
        outsider = trio["orgs"]["Alpha"].__class__(name="Hors groupe")
        planning.plan_meeting(
            trio["group"],
            trio["coordinator"],
            held_on=SOON,
            start_time=AT,
            kind="rencontre",
            title="X",
            host=orgs["Bravo"],
            expected=[outsider],
        )
