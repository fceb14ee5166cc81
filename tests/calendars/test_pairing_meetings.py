"""A pairing's meetings planned ahead: plan, change, record, cancel, through the pages.

Planned needs a day not in the past, held one not in the future; a refused form writes
nothing (no meeting, no mail, no audit entry). Planned meetings are never activity.
"""

import re
from datetime import date, timedelta

from icalendar import Calendar

from entraide.core.extensions import db
from entraide.followups import planning
from entraide.followups.queries import health_of, next_meeting_of
from entraide.models import AuditEntry, FollowUp, OutboxMail
from entraide.pairings import services as pairing_services
from entraide.reports.period import year_period
from entraide.reports.queries import followups as followup_figures
from tests.calendars.conftest import AT, SOON
from tests.meetings import row_counts
from tests.web.helpers import text_of

TODAY = date.today()


def _plan_data(**overrides):
    data = {
        "held_on": SOON.isoformat(),
        "start_time": "14:30",
        "format": "visit",
        "place": "Tiers-lieu de Lens",
        "expected": "Anne (Jeune Pousse)",
        "duration_minutes": "90",
    }
    data.update(overrides)
    return data


def _counts():
    return row_counts(FollowUp, OutboxMail, AuditEntry)


def _plan(pairing, actor, day=SOON):
    followup = planning.plan_followup(pairing, actor, held_on=day, start_time=AT, format="video")
    db.session.commit()
    return followup


def test_either_scic_plans_a_meeting_and_both_get_the_invitation(
    app_ctx, duo, pairing, client, login_as
):
    login_as(duo["mentor_user"])
    response = client.post(f"/parrainages/{pairing.id}/rencontres/prevoir", data=_plan_data())
    assert response.status_code == 302
    followup = db.session.execute(db.select(FollowUp)).scalar_one()
    assert (followup.status, followup.held_on, followup.start_time) == ("planned", SOON, AT)
    assert followup.place == "Tiers-lieu de Lens" and followup.duration_minutes == 90
    mails = db.session.scalars(db.select(OutboxMail).order_by(OutboxMail.id)).all()
    assert sorted(m.recipient for m in mails) == [
        "filleule@jeune-pousse.fr",
        "marraine@vieux-chene.fr",
    ]
    for mail in mails:
        assert mail.kind == "meeting_planned"
        assert mail.subject.startswith(f"Rencontre prévue le {SOON:%d/%m/%Y} à 14:30")
        assert (mail.attachment_name, mail.attachment_type) == (
            "rencontre.ics",
            "text/calendar; method=REQUEST",
        )
        calendar = Calendar.from_ical(mail.attachment)
        [event] = calendar.events
        assert calendar["METHOD"] == "REQUEST"
        # Each invitation names its own reader only, never the other SCIC's people.
        assert str(event["ATTENDEE"]) == f"mailto:{mail.recipient}"
        assert "Tiers-lieu de Lens" in mail.body and "rencontre.ics" in mail.body
    page = text_of(client.get(f"/parrainages/{pairing.id}"))
    assert page.index("Prochaines rencontres") < page.index("Carnet de suivi")
    for label in ("Télécharger (.ics)", "Noter le compte rendu", "Annuler la rencontre", "14:30"):
        assert label in page
    # A planned meeting is not activity: the pairing is still "since its start".
    assert health_of(pairing).has_met is False
    assert next_meeting_of(pairing) == SOON


def test_a_planned_day_in_the_past_or_no_time_is_refused_and_nothing_written(
    app_ctx, duo, pairing, client, login_as
):
    login_as(duo["mentee_user"])
    before = _counts()
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    response = client.post(
        f"/parrainages/{pairing.id}/rencontres/prevoir", data=_plan_data(held_on=yesterday)
    )
    assert response.status_code == 422
    assert "La date d'une rencontre prévue ne peut pas être passée." in text_of(response)
    response = client.post(
        f"/parrainages/{pairing.id}/rencontres/prevoir", data=_plan_data(start_time="")
    )
    assert response.status_code == 422
    assert "Indiquez l'heure de la rencontre" in text_of(response)
    response = client.post(
        f"/parrainages/{pairing.id}/rencontres/prevoir", data=_plan_data(start_time="25:99")
    )
    assert response.status_code == 422
    assert _counts() == before


def test_the_service_refuses_a_past_planned_day_and_a_future_held_day(app_ctx, duo, pairing):
    import pytest

    from entraide.core.errors import UserError

    with pytest.raises(UserError) as refused:
        planning.plan_followup(
            pairing,
            duo["mentee_user"],
            held_on=TODAY - timedelta(days=1),
            start_time=AT,
            format="visit",
        )
    assert refused.value.status == 422
    followup = _plan(pairing, duo["mentee_user"])
    with pytest.raises(UserError) as refused:
        planning.record_planned_followup(
            followup,
            duo["mentee_user"],
            held_on=SOON,
            format="visit",
            volunteer_hours=1,
            summary="Trop tôt",
        )
    assert refused.value.status == 422 and "futur" in str(refused.value)


def test_recording_a_planned_meeting_keeps_its_row_and_planning(
    app_ctx, duo, pairing, client, login_as, outbox
):
    followup = _plan(pairing, duo["mentor_user"], day=TODAY)
    login_as(duo["mentee_user"])
    url = f"/parrainages/{pairing.id}/rencontres/{followup.id}/compte-rendu"
    form = text_of(client.get(url))
    assert "Noter le compte rendu" in form and 'value="14:30"' in form
    # Still in the future by the record's rule: refused, the meeting stays planned.
    future = {
        "held_on": SOON.isoformat(),
        "format": "video",
        "volunteer_hours": "2",
        "summary": "Bilan",
        "version": str(followup.version),  # the one the form was filled from
    }
    response = client.post(url, data=future)
    assert response.status_code == 422
    assert "ne peut pas être dans le futur" in text_of(response)
    db.session.expire_all()
    assert db.session.get(FollowUp, followup.id).status == "planned"
    mails = len(outbox)

    response = client.post(
        url,
        data={
            **future,
            "held_on": TODAY.isoformat(),
            "actions-0-description": "Envoyer les statuts",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    held = db.session.get(FollowUp, followup.id)
    assert (held.status, held.summary, held.start_time, held.volunteer_hours) == (
        "held",
        "Bilan",
        AT,
        2,
    )
    assert [a.description for a in held.actions] == ["Envoyer les statuts"]
    assert len(outbox) == mails  # recording mails nobody
    assert health_of(pairing).has_met is True
    assert followup_figures(year_period(TODAY.year))["count"] == 1
    again = client.post(url, data={**future, "held_on": TODAY.isoformat()})
    assert again.status_code == 409
    assert "n'est plus prévue" in text_of(again)


def test_the_record_form_names_the_people_expected_as_participants(
    app_ctx, duo, pairing, client, login_as
):
    followup = planning.plan_followup(
        pairing,
        duo["mentor_user"],
        held_on=TODAY,
        start_time=AT,
        format="visit",
        expected="Anne (Jeune Pousse), Paul (Vieux Chêne)",
    )
    db.session.commit()
    login_as(duo["mentee_user"])
    url = f"/parrainages/{pairing.id}/rencontres/{followup.id}/compte-rendu"
    form = text_of(client.get(url))
    participants = re.search(r'<textarea[^>]*name="participants"[^>]*>([^<]*)<', form)
    assert participants.group(1).strip() == "Anne (Jeune Pousse), Paul (Vieux Chêne)"
    # What the person types wins: an emptied field is recorded empty.
    data = {"held_on": TODAY.isoformat(), "format": "visit", "volunteer_hours": "0"}
    data["version"] = str(followup.version)
    response = client.post(url, data={**data, "summary": "Bilan", "participants": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FollowUp, followup.id).participants == ""


def test_the_record_waits_for_the_meeting_day_in_the_buttons_and_the_form(
    app_ctx, duo, pairing, client, login_as
):
    later, due = _plan(pairing, duo["mentor_user"]), _plan(pairing, duo["mentor_user"], TODAY)
    login_as(duo["mentee_user"])
    page = client.get(f"/parrainages/{pairing.id}").get_data(as_text=True)
    buttons = {
        followup.id: re.search(
            rf'<a href="[^"]*/rencontres/{followup.id}/compte-rendu" role="button"([^>]*)>', page
        ).group(1)
        for followup in (later, due)
    }
    assert buttons == {later.id: ' class="secondary outline"', due.id: ""}
    hint = "Cette rencontre n'a pas encore eu lieu"
    url = f"/parrainages/{pairing.id}/rencontres/{{}}/compte-rendu"
    early = text_of(client.get(url.format(later.id)))
    assert f"{hint} : notez son compte rendu à partir du {SOON:%d/%m/%Y}" in early
    assert hint not in text_of(client.get(url.format(due.id)))


def test_cancelling_asks_first_then_keeps_the_meeting_visible_as_cancelled(
    app_ctx, duo, pairing, client, login_as
):
    followup = _plan(pairing, duo["mentee_user"])
    login_as(duo["coordinator"])
    url = f"/parrainages/{pairing.id}/rencontres/{followup.id}/annuler"
    confirm = text_of(client.get(url))
    assert "Annuler la rencontre ?" in confirm and "2 personnes attendues recevront" in confirm
    db.session.expire_all()
    assert db.session.get(FollowUp, followup.id).status == "planned"  # a GET changes nothing

    assert client.post(url, data={"reason": "Salle prise"}).status_code == 302
    db.session.expire_all()
    cancelled = db.session.get(FollowUp, followup.id)
    assert (cancelled.status, cancelled.cancel_reason, cancelled.sequence) == (
        "cancelled",
        "Salle prise",
        1,
    )
    mails = db.session.scalars(db.select(OutboxMail).filter_by(kind="meeting_cancelled")).all()
    assert len(mails) == 2
    for mail in mails:
        assert mail.attachment_type == "text/calendar; method=CANCEL"
        [event] = Calendar.from_ical(mail.attachment).events
        assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 1)
        assert "Motif : Salle prise" in mail.body
    page = text_of(client.get(f"/parrainages/{pairing.id}"))
    assert "Annulée" in page and "Salle prise" in page
    assert client.post(url, data={}).status_code == 409
    assert followup_figures(year_period(SOON.year))["count"] == 0


def test_changing_a_planned_meeting_mails_again_only_when_something_changed(
    app_ctx, duo, pairing, client, login_as, outbox
):
    followup = _plan(pairing, duo["mentee_user"])
    login_as(duo["mentee_user"])
    url = f"/parrainages/{pairing.id}/rencontres/{followup.id}/modifier"
    same = {"held_on": SOON.isoformat(), "start_time": "14:30", "format": "video", "version": "1"}
    sent = len(outbox)
    assert client.post(url, data=same).status_code == 302
    assert len(outbox) == sent
    db.session.expire_all()
    assert db.session.get(FollowUp, followup.id).version == 1  # nothing changed, nothing saved
    assert client.post(url, data={**same, "start_time": "09:15"}).status_code == 302
    changed = [m for m in outbox if m["subject"].startswith("Rencontre modifiée")]
    assert len(changed) == 2
    assert "à 09:15" in changed[0]["subject"]


def test_a_download_is_an_ics_file_of_the_planned_meeting(app_ctx, duo, pairing, client, login_as):
    followup = _plan(pairing, duo["mentee_user"])
    login_as(duo["mentor_user"])
    response = client.get(f"/parrainages/{pairing.id}/rencontres/{followup.id}/rencontre.ics")
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    assert re.search(
        r'attachment; filename="rencontre-[0-9-]+\.ics"', response.headers["Content-Disposition"]
    )
    [event] = Calendar.from_ical(response.data).events
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"


def test_ending_a_pairing_cancels_its_planned_meetings(app_ctx, duo, pairing, outbox):
    followup = _plan(pairing, duo["mentee_user"])
    pairing_services.stop(pairing, duo["coordinator"], "Cessation d'activité")
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(FollowUp, followup.id).status == "cancelled"
    assert sum(1 for m in outbox if m["kind"] == "meeting_cancelled") == 2
