"""A pairing's planned meetings and the corrections of records, together.

Only a held meeting's record is corrected: a planned one is changed with « Modifier », a
cancelled one stays as it was (409, in French, nothing written). A meeting planned then
recorded belongs to whoever recorded it, for 30 days from the record (not from the
planning). A form filled from a meeting that changed meanwhile is refused (409) and
writes nothing, whatever the form (« Modifier », « Noter le compte rendu »).
"""

import re
from datetime import date, time, timedelta

import pytest

from entraide.core.extensions import db
from entraide.followups import corrections, planning
from entraide.models import AuditEntry, FollowUp, OutboxMail
from entraide.models._base import utcnow
from entraide.models.corrections import CANCELLED, CORRECTION_DAYS, PLANNED
from tests.calendars.conftest import AT, SOON
from tests.meetings import row_counts
from tests.web.helpers import text_of

TODAY = date.today()


def _plan(pairing, actor, day=SOON) -> FollowUp:
    followup = planning.plan_followup(
        pairing, actor, held_on=day, start_time=AT, format="video", place="Visio"
    )
    db.session.commit()
    return followup


def _url(followup, action: str) -> str:
    return f"/parrainages/{followup.pairing_id}/rencontres/{followup.id}/{action}"


def _counts() -> tuple:
    db.session.expire_all()
    return row_counts(FollowUp, OutboxMail, AuditEntry)


def _fresh(followup_id: int) -> FollowUp:
    db.session.expire_all()
    return db.session.get(FollowUp, followup_id)


def _age(followup, **days) -> None:
    """Move ``created_at`` or ``recorded_at`` back by that many days."""
    table = FollowUp.__table__
    values = {column: utcnow() - timedelta(days=n) for column, n in days.items()}
    db.session.execute(db.update(table).where(table.c.id == followup.id).values(**values))
    db.session.commit()


def _record_form(followup, **changes) -> dict:
    data = {
        "held_on": TODAY.isoformat(),
        "start_time": "14:30",
        "format": "video",
        "place": "Visio",
        "volunteer_hours": "2",
        "summary": "Bilan de l'AG",
        "version": str(followup.version),
    }
    data.update(changes)
    return data


def _correction_form(followup, **changes) -> dict:
    """The correction form as the page fills it."""
    data = {
        "held_on": followup.held_on.isoformat(),
        "start_time": followup.start_time.strftime("%H:%M") if followup.start_time else "",
        "format": followup.format,
        "place": followup.place,
        "participants": followup.participants,
        "duration_minutes": str(followup.duration_minutes or ""),
        "volunteer_hours": str(followup.volunteer_hours),
        "summary": followup.summary,
        "next_meeting_on": "",
        "version": str(followup.version),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["mentee_user", "coordinator"])
def test_a_planned_meeting_is_changed_not_corrected(who, app_ctx, duo, pairing, client, login_as):
    followup = _plan(pairing, duo["mentee_user"])
    login_as(duo[who])
    before = _counts()

    page = client.get(_url(followup, "corriger"))
    sent = client.post(_url(followup, "corriger"), data=_correction_form(followup, summary="x"))

    for response in (page, sent):
        assert response.status_code == 409
        assert PLANNED in text_of(response)
    assert _counts() == before
    assert (_fresh(followup.id).status, _fresh(followup.id).version) == ("planned", 1)
    booklet = text_of(client.get(f"/parrainages/{pairing.id}"))
    assert _url(followup, "modifier") in booklet and _url(followup, "corriger") not in booklet


def test_a_cancelled_meeting_is_not_corrected(app_ctx, duo, pairing, client, login_as):
    followup = _plan(pairing, duo["mentee_user"])
    planning.cancel_followup(followup, duo["mentee_user"], "Salle prise")
    db.session.commit()
    login_as(duo["coordinator"])
    before = _counts()

    response = client.post(_url(followup, "corriger"), data=_correction_form(followup))

    assert response.status_code == 409
    assert CANCELLED in text_of(response)
    assert _counts() == before and _fresh(followup.id).status == "cancelled"


def test_a_planned_meeting_recorded_is_its_recorders_from_the_record(
    app_ctx, duo, pairing, client, login_as
):
    """Planned by the sponsor forty days ago, recorded by the young SCIC today: the young
    SCIC corrects it (not the planner), until 30 days after the record."""
    followup = _plan(pairing, duo["mentor_user"], day=TODAY)
    _age(followup, created_at=40)
    login_as(duo["mentee_user"])
    assert client.post(_url(followup, "compte-rendu"), data=_record_form(followup)).status_code == (
        302
    )
    held = _fresh(followup.id)
    assert held.status == "held" and held.recorded_by_id == duo["mentee_user"].id
    assert utcnow() - held.recorded_at < timedelta(minutes=5)

    booklet = text_of(client.get(f"/parrainages/{pairing.id}"))
    assert _url(followup, "corriger") in booklet
    assert re.search(
        r"Noté par</dt><dd>[^<]+, le \d\d/\d\d/\d{4} à \d\d:\d\d \(prévue par ", booklet
    )
    page = text_of(client.get(_url(followup, "corriger")))
    assert 'name="start_time" type="time" value="14:30"' in page
    assert 'name="place" type="text" value="Visio"' in page
    response = client.post(
        _url(followup, "corriger"),
        data=_correction_form(held, start_time="10:00", place="Salle du conseil, Lens"),
    )
    assert response.status_code == 302, text_of(response)
    corrected = _fresh(followup.id)
    assert (corrected.start_time, corrected.place) == (time(10, 0), "Salle du conseil, Lens")
    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="followup.correct")).one()
    assert entry.before == {"start_time": "14:30", "place": "Visio"}
    assert entry.after["start_time"] == "10:00" and entry.after["place"] == "Salle du conseil, Lens"

    login_as(duo["coordinator"])
    journal = " ".join(re.sub(r"<[^>]+>", "", text_of(client.get("/journal"))).split())
    assert "du parrainage Jeune Pousse – Vieux Chêne : heure de début et lieu." in journal
    assert "Heure de début : 14:30 → 10:00" in journal
    assert "Lieu : « Visio » → « Salle du conseil, Lens »" in journal

    login_as(duo["mentor_user"])  # it planned the meeting, it did not write the record
    refused = client.get(_url(followup, "corriger"))
    assert refused.status_code == 403 and corrections.NOT_YOURS in text_of(refused)

    _age(followup, recorded_at=CORRECTION_DAYS, created_at=CORRECTION_DAYS + 40)
    login_as(duo["mentee_user"])
    late = client.post(_url(followup, "corriger"), data=_correction_form(corrected, summary="x"))
    assert late.status_code == 409 and "ce délai est passé" in text_of(late)


def test_the_thirty_days_run_from_the_record_not_from_the_planning(app_ctx, duo, pairing):
    followup = _plan(pairing, duo["mentor_user"], day=TODAY)
    _age(followup, created_at=CORRECTION_DAYS + 5)
    planning.record_planned_followup(
        followup, duo["mentor_user"], held_on=TODAY, format="video", volunteer_hours=1, summary="."
    )
    db.session.commit()

    assert followup.can_correct(duo["mentor_user"])
    assert corrections.deadline_of(followup) - followup.recorded_at == timedelta(
        days=CORRECTION_DAYS
    )


def test_two_changes_from_the_same_page_keep_the_first_and_say_so(
    app_ctx, duo, pairing, client, login_as, outbox
):
    """Both SCICs open « Modifier » at once; the second to save is refused, in French,
    and nothing of it is written or mailed."""
    followup = _plan(pairing, duo["mentee_user"])
    login_as(duo["mentee_user"])
    form = text_of(client.get(_url(followup, "modifier")))
    assert 'name="version" type="hidden" value="1"' in form
    first = {"held_on": SOON.isoformat(), "start_time": "09:00", "format": "video", "version": "1"}
    assert client.post(_url(followup, "modifier"), data=first).status_code == 302
    before, mails = _counts(), len(outbox)

    login_as(duo["mentor_user"])
    second = client.post(_url(followup, "modifier"), data={**first, "start_time": "17:00"})

    assert second.status_code == 409
    assert planning.STALE in text_of(second)
    assert _counts() == before and len(outbox) == mails
    assert _fresh(followup.id).start_time == time(9, 0)
    again = client.post(
        _url(followup, "modifier"),
        data={**first, "start_time": "17:00"} | {"version": str(_fresh(followup.id).version)},
    )
    assert again.status_code == 302 and _fresh(followup.id).start_time == time(17, 0)


def test_a_record_from_a_form_filled_before_a_change_is_refused(
    app_ctx, duo, pairing, client, login_as
):
    followup = _plan(pairing, duo["mentee_user"], day=TODAY)
    planning.reschedule_followup(
        followup, duo["mentor_user"], held_on=TODAY, start_time=time(8, 0), format="phone"
    )
    db.session.commit()
    login_as(duo["mentee_user"])
    before = _counts()

    response = client.post(_url(followup, "compte-rendu"), data=_record_form(followup, version="1"))

    assert response.status_code == 409 and planning.STALE in text_of(response)
    assert _counts() == before and _fresh(followup.id).status == "planned"


@pytest.mark.parametrize("action", ["modifier", "compte-rendu"])
def test_a_planning_form_without_its_version_is_refused(
    action, app_ctx, duo, pairing, client, login_as
):
    followup = _plan(pairing, duo["mentee_user"], day=TODAY)
    login_as(duo["mentee_user"])
    before = _counts()
    data = _record_form(followup) | {"held_on": TODAY.isoformat()}
    del data["version"]

    response = client.post(_url(followup, action), data=data)

    assert response.status_code == 422 and planning.INCOMPLETE in text_of(response)
    assert _counts() == before
