"""Correcting a recorded meeting of a pairing: who, until when, what the journal keeps;
every refusal writes nothing."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from entraide.core.extensions import db
from entraide.followups import corrections
from entraide.models import AuditEntry, FollowUp
from entraide.models.corrections import CORRECTION_DAYS
from tests.followups.conftest import log_meeting
from tests.meetings import date_back, journal
from tests.web.helpers import field_errors, flashes, text_of

TODAY = date.today()


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def _url(followup) -> str:
    return f"/parrainages/{followup.pairing_id}/rencontres/{followup.id}/corriger"


@pytest.fixture
def meeting(duo, pairing):
    """A meeting the young SCIC's member recorded a moment ago."""
    return log_meeting(
        pairing,
        duo["mentee_user"],
        days_ago=10,
        participants="Anne (JP)",
        duration_minutes=90,
        volunteer_hours=Decimal("1.5"),
        summary="Préparation de l'AG.",
    )


def _form(followup, **changes) -> dict:
    """The correction form as the page fills it, with ``changes``."""
    data = {
        "held_on": followup.held_on.isoformat(),
        "start_time": followup.start_time.strftime("%H:%M") if followup.start_time else "",
        "format": followup.format,
        "place": followup.place,
        "participants": followup.participants,
        "duration_minutes": str(followup.duration_minutes or ""),
        "volunteer_hours": str(followup.volunteer_hours),
        "summary": followup.summary,
        "next_meeting_on": followup.next_meeting_on.isoformat() if followup.next_meeting_on else "",
        "version": str(followup.version),
    }
    data.update(changes)
    return data


def _state(followup_id: int) -> tuple:
    """The committed meeting and how many audit entries exist."""
    db.session.expire_all()
    followup = db.session.get(FollowUp, followup_id)
    row = (
        followup.held_on,
        followup.start_time,
        followup.format,
        followup.place,
        followup.participants,
        followup.duration_minutes,
        followup.volunteer_hours,
        followup.summary,
        followup.next_meeting_on,
        followup.corrected_at,
        followup.version,
    )
    return row, db.session.scalar(db.select(db.func.count(AuditEntry.id)))


def _corrections() -> list[AuditEntry]:
    return journal("followup.correct")


def _age(followup, **delta) -> None:
    date_back(FollowUp, followup.id, **delta)


@pytest.mark.parametrize("who", ["mentee_user", "coordinator"])
def test_the_author_or_the_coordination_corrects_a_meeting(
    who, duo, meeting, client, login_as, app_ctx
):
    login_as(duo[who])
    page = text_of(client.get(f"/parrainages/{meeting.pairing_id}"))
    assert "Corriger</a>" in page

    form = client.get(_url(meeting))
    body = text_of(form)
    assert form.status_code == 200
    assert f"Corriger la rencontre du {meeting.held_on:%d/%m/%Y}" in body
    # The recording form, prefilled; without the actions and needs met.
    assert "\nAnne (JP)</textarea>" in body and "\nPréparation de l'AG.</textarea>" in body
    assert 'name="duration_minutes" type="number" value="90"' in body
    assert 'name="version" type="hidden" value="1"' in body
    assert "actions-0-description" not in body and "needs_met" not in body
    assert "Elle peut être corrigée jusqu'au" in body

    response = client.post(
        _url(meeting),
        data=_form(meeting, held_on=_day(12), duration_minutes="120", volunteer_hours="2,25"),
    )

    assert response.status_code == 302, text_of(response)
    assert response.headers["Location"].endswith(f"#rencontre-{meeting.id}")
    db.session.expire_all()
    assert (meeting.held_on, meeting.duration_minutes, meeting.volunteer_hours) == (
        TODAY - timedelta(days=12),
        120,
        Decimal("2.25"),
    )
    assert meeting.summary == "Préparation de l'AG." and meeting.format == "visit"
    assert meeting.corrected_by_id == duo[who].id and meeting.corrected_at is not None
    assert meeting.version == 2
    (entry,) = _corrections()
    assert entry.actor_id == duo[who].id
    assert entry.before == {
        "held_on": _day(10),
        "duration_minutes": 90,
        "volunteer_hours": "1.50",
    }
    assert entry.after == {
        "held_on": _day(12),
        "duration_minutes": 120,
        "volunteer_hours": "2.25",
        "pairing_id": meeting.pairing_id,
        "meeting_on": _day(12),
    }
    page = text_of(client.get(f"/parrainages/{meeting.pairing_id}"))
    name = duo[who].name or duo[who].role_label
    assert re.search(rf"Corrigé le \d\d/\d\d/\d{{4}} à \d\d:\d\d par {re.escape(name)}", page)


def test_the_journal_says_what_changed_in_french(duo, meeting, client, login_as, app_ctx):
    login_as(duo["mentee_user"])
    client.post(
        _url(meeting),
        data=_form(
            meeting,
            format="video",
            participants="",
            duration_minutes="120",
            volunteer_hours="2,25",
            next_meeting_on=_day(-20),
        ),
    )
    login_as(duo["coordinator"])

    page = " ".join(text_of(client.get("/journal")).split())
    text = re.sub(r"<[^>]+>", "", page)

    assert (
        "Jeune Pousse a corrigé la rencontre du "
        f"{TODAY - timedelta(days=10):%d/%m/%Y} du parrainage Jeune Pousse – Vieux Chêne : "
        "format, participants, durée, heures de bénévolat et prochaine rencontre envisagée."
    ) in text
    for detail in (
        "Format : Visite sur place → Visioconférence",
        "Participants : « Anne (JP) » → —",
        "Durée : 90 minutes → 120 minutes",
        "Heures de bénévolat : 1,5 h → 2,25 h",
        f"Prochaine rencontre envisagée : — → {TODAY + timedelta(days=20):%d/%m/%Y}",
    ):
        assert detail in text, detail
    assert "Rencontre de parrainage corrigée" in page  # the action's name in the filter


def test_nothing_changed_writes_nothing(duo, meeting, client, login_as, app_ctx):
    login_as(duo["mentee_user"])
    before = _state(meeting.id)

    response = client.post(_url(meeting), data=_form(meeting), follow_redirects=True)

    assert "Aucune modification : la rencontre est restée telle quelle." in flashes(response)
    assert _state(meeting.id) == before
    assert "Corrigé le" not in text_of(response)


@pytest.mark.parametrize("who", ["mentor_user", "other"])
def test_someone_else_of_the_pairing_may_not_correct(who, duo, meeting, client, login_as, make):
    """The other SCIC's member, or a colleague of the author: 403, nothing written."""
    person = duo[who] if who != "other" else make.member(duo["mentee"])
    login_as(person)
    before = _state(meeting.id)

    assert "Corriger</a>" not in text_of(client.get(f"/parrainages/{meeting.pairing_id}"))
    shown = client.get(_url(meeting))
    sent = client.post(_url(meeting), data=_form(meeting, summary="Réécrit par un autre"))

    for response in (shown, sent):
        assert response.status_code == 403
        assert corrections.NOT_YOURS in text_of(response)
    assert _state(meeting.id) == before


def test_outsiders_are_answered_as_for_the_booklet(duo, meeting, client, login_as, make):
    neighbour, viewer = make.member(make.organisation("Coop Voisine")), make.viewer()
    before = _state(meeting.id)
    login_as(neighbour)
    assert client.post(_url(meeting), data=_form(meeting, summary="x")).status_code == 404
    login_as(viewer)
    assert client.post(_url(meeting), data=_form(meeting, summary="x")).status_code == 403
    # A meeting of another pairing under this pairing's address: 404.
    client.get("/deconnexion")
    login_as(duo["coordinator"])
    url = f"/parrainages/{meeting.pairing_id + 1000}/rencontres/{meeting.id}/corriger"
    assert client.get(url).status_code == 404
    assert _state(meeting.id) == before


@pytest.mark.parametrize("who", ["mentee_user", "coordinator"])
def test_after_thirty_days_nobody_corrects(who, duo, meeting, client, login_as):
    _age(meeting, days=CORRECTION_DAYS, minutes=1)
    login_as(duo[who])
    before = _state(meeting.id)

    assert "Corriger</a>" not in text_of(client.get(f"/parrainages/{meeting.pairing_id}"))
    shown = client.get(_url(meeting))
    sent = client.post(_url(meeting), data=_form(meeting, summary="Trop tard"))

    for response in (shown, sent):
        assert response.status_code == 409
        body = text_of(response)
        assert "une rencontre se corrige dans les 30 jours qui suivent" in body
        assert "Rien n'a été modifié." in body
    assert _state(meeting.id) == before


def test_the_last_minute_of_the_thirty_days_still_counts(duo, meeting, client, login_as, app_ctx):
    _age(meeting, days=CORRECTION_DAYS - 1, hours=23, minutes=58)
    login_as(duo["mentee_user"])
    response = client.post(_url(meeting), data=_form(meeting, summary="Juste à temps"))
    assert response.status_code == 302
    assert len(_corrections()) == 1


def test_a_correction_from_a_stale_form_is_refused(duo, meeting, client, login_as, app_ctx):
    """Two people correct at once: the second one's form was filled before the first saved."""
    stale = _form(meeting, summary="La version de la coordination")
    login_as(duo["mentee_user"])
    first = client.post(_url(meeting), data=_form(meeting, summary="La version de l'autrice"))
    assert first.status_code == 302
    before = _state(meeting.id)

    login_as(duo["coordinator"])
    second = client.post(_url(meeting), data=stale)

    assert second.status_code == 409
    assert corrections.STALE in text_of(second)
    assert _state(meeting.id) == before
    assert meeting.summary == "La version de l'autrice"
    assert len(_corrections()) == 1


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"held_on": _day(-1)}, 422, "ne peut pas être dans le futur"),
        ({"held_on": _day(91)}, 422, "ne peut pas précéder le début du parrainage"),
        ({"held_on": ""}, 422, "Indiquez la date de la rencontre."),
        ({"next_meeting_on": _day(11)}, 422, "La prochaine rencontre ne peut pas précéder"),
        ({"volunteer_hours": "1000,5"}, 422, "Entre 0 et 1 000 heures."),
        ({"summary": " "}, 422, "Résumez l'échange"),
        ({"format": "pigeon"}, 422, "N'est pas un choix valide"),
        ({"version": ""}, 422, corrections.INCOMPLETE),
        ({"version": "x"}, 422, corrections.INCOMPLETE),
        ({"version": "7"}, 409, corrections.STALE),
    ],
)
def test_bad_corrections_write_nothing(
    changes, status, message, duo, meeting, client, login_as, app_ctx
):
    login_as(duo["mentee_user"])
    before = _state(meeting.id)

    response = client.post(_url(meeting), data=_form(meeting, **{"summary": "Nouveau", **changes}))

    assert response.status_code == status
    body = text_of(response)
    assert any(message in error for error in field_errors(response)) or message in body
    assert _state(meeting.id) == before


def test_the_service_refuses_on_its_own(duo, meeting, app_ctx):
    """Called without the page (a command, a later feature): the same rules."""
    with pytest.raises(corrections.UserError) as refused:
        corrections.correct_followup(meeting, duo["mentor_user"], version=1, summary="x")
    assert refused.value.status == 403
    with pytest.raises(corrections.UserError) as late:
        corrections.correct_followup(
            meeting,
            duo["mentee_user"],
            version=1,
            summary="x",
            now=meeting.created_at + timedelta(days=CORRECTION_DAYS),
        )
    assert late.value.status == 409
    with pytest.raises(corrections.UserError, match="futur"):
        corrections.correct_followup(
            meeting, duo["coordinator"], version=1, held_on=TODAY + timedelta(days=1)
        )
    with pytest.raises(ValueError, match="not correctable"):
        corrections.correct_followup(meeting, duo["coordinator"], version=1, actions=[])
    db.session.rollback()
    assert _corrections() == []


def test_a_field_added_to_the_recording_form_is_corrected_and_journaled(app):
    """The correction form is the recording form: a new field of the meeting must be in
    CORRECTABLE (the service applies it) and named in the journal (labels.FOLLOWUP_FIELDS)."""
    from types import SimpleNamespace

    from entraide.followups.forms import RECORD, FollowUpForm
    from entraide.journal.labels import FOLLOWUP_FIELDS

    with app.test_request_context():
        form = FollowUpForm(pairing=SimpleNamespace(start_date=None), mode=RECORD)
        recorded = {f.name for f in form} - {"csrf_token", "submit", "actions", "needs_met"}
        sent = set(form.service_arguments()) - {"actions", "needs_met", "today"}
    assert recorded == set(corrections.CORRECTABLE) == sent
    assert list(FOLLOWUP_FIELDS) == list(corrections.CORRECTABLE)


def test_the_version_column_is_the_last_guard(duo, meeting, client, login_as, monkeypatch):
    """Were the row lock missing (a future change), a row changed between the check and the
    write still fails: 409, nothing written."""
    table = FollowUp.__table__

    def no_lock(obj):
        return obj

    def changed_meanwhile(*args, **kwargs):
        db.session.execute(table.update().where(table.c.id == meeting.id).values(version=5))

    monkeypatch.setattr(corrections, "lock", no_lock)
    monkeypatch.setattr(corrections, "record", changed_meanwhile)
    login_as(duo["mentee_user"])
    before = _state(meeting.id)

    response = client.post(_url(meeting), data=_form(meeting, summary="Entre-temps"))

    assert response.status_code == 409
    assert corrections.STALE in text_of(response)
    assert _state(meeting.id) == before


def test_a_meeting_of_a_finished_pairing_may_still_be_corrected(
    duo, meeting, client, login_as, app_ctx
):
    """The booklet is the programme's evidence (the report counts its hours): a slip found
    after the close-out is corrected like any other, within the 30 days."""
    from entraide.pairings import services as pairing_services

    pairing_services.complete(meeting.pairing, duo["coordinator"])
    db.session.commit()
    login_as(duo["mentee_user"])
    response = client.post(_url(meeting), data=_form(meeting, volunteer_hours="4"))
    assert response.status_code == 302
    db.session.expire_all()
    assert meeting.volunteer_hours == Decimal("4.00")
