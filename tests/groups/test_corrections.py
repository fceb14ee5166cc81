"""Correcting a recorded meeting of a group or of the network: who, until when, what the
journal keeps (organisations by name); every refusal writes nothing."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from entraide.core.extensions import db
from entraide.groups import corrections
from entraide.groups import services as group_services
from entraide.models import AuditEntry, GroupMeeting
from entraide.models.corrections import CORRECTION_DAYS
from tests.meetings import date_back, journal
from tests.web.helpers import field_errors, text_of

TODAY = date.today()


@pytest.fixture
def group(world):
    group = group_services.create_group(
        world["coordinator"], "Bassin minier", [world["lens"], world["lievin"], world["arras"]]
    )
    db.session.commit()
    return group


def _meeting(group, world, actor=None, **changes) -> GroupMeeting:
    arguments = {
        "held_on": TODAY - timedelta(days=5),
        "kind": "rencontre",
        "title": "Rencontre chez Coop de Lens",
        "host": world["lens"],
        "participants": [world["lievin"]],
        "other_participants": "France Active",
        "topics": "Les AG",
        "volunteer_hours": Decimal("6.5"),
    }
    arguments.update(changes)
    meeting = group_services.record_meeting(group, actor or world["coordinator"], **arguments)
    db.session.commit()
    return meeting


@pytest.fixture
def meeting(group, world):
    return _meeting(group, world)


def _url(meeting) -> str:
    return f"/groupes/rencontres/{meeting.id}/corriger"


def _form(meeting, **changes) -> dict:
    data = {
        "held_on": meeting.held_on.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
        "duration_minutes": str(meeting.duration_minutes or ""),
        "kind": meeting.kind,
        "title": meeting.title,
        "host_id": str(meeting.host_id or 0),
        "place": meeting.place,
        "participant_ids": [str(org.id) for org in meeting.participants],
        "other_participants": meeting.other_participants,
        "topics": meeting.topics,
        "volunteer_hours": str(meeting.volunteer_hours),
        "version": str(meeting.version),
    }
    data.update(changes)
    return data


def _state(meeting_id: int) -> tuple:
    db.session.expire_all()
    meeting = db.session.get(GroupMeeting, meeting_id)
    row = (
        group_services.meeting_snapshot(meeting),
        meeting.corrected_at,
        meeting.version,
    )
    return row, db.session.scalar(db.select(db.func.count(AuditEntry.id)))


def _entries() -> list[AuditEntry]:
    return journal("meeting.correct")


def _age(meeting, **delta) -> None:
    date_back(GroupMeeting, meeting.id, **delta)


def test_the_coordination_corrects_a_group_meeting(world, group, meeting, client, login_as):
    login_as(world["coordinator"])
    assert "Corriger</a>" in text_of(client.get(f"/groupes/{group.id}"))
    page = client.get(_url(meeting))
    body = text_of(page)
    assert page.status_code == 200
    assert (
        f"Corriger la rencontre « Rencontre chez Coop de Lens » du {meeting.held_on:%d/%m/%Y}"
        in body
    )
    assert f'<option selected value="{world["lens"].id}">Coop de Lens</option>' in body
    assert 'checked id="participant_ids-' in body and "\nLes AG</textarea>" in body
    assert "Coop de Calais" not in body  # not a member of the group: not offered

    response = client.post(
        _url(meeting),
        data=_form(
            meeting,
            held_on=(TODAY - timedelta(days=6)).isoformat(),
            participant_ids=[str(world["arras"].id)],
            volunteer_hours="8",
            title="Rencontre  chez Coop de Lens et d'Arras",
        ),
    )

    assert response.status_code == 302, text_of(response)
    assert response.headers["Location"].endswith(f"/groupes/{group.id}#rencontre-{meeting.id}")
    db.session.expire_all()
    assert {org.name for org in meeting.participants} == {"Coop de Lens", "Coop d'Arras"}
    assert meeting.title == "Rencontre chez Coop de Lens et d'Arras"
    assert (meeting.volunteer_hours, meeting.version) == (Decimal("8.00"), 2)
    (entry,) = _entries()
    lens, lievin, arras = world["lens"].id, world["lievin"].id, world["arras"].id
    assert entry.before == {
        "held_on": (TODAY - timedelta(days=5)).isoformat(),
        "title": "Rencontre chez Coop de Lens",
        "participant_ids": sorted([lens, lievin]),
        "volunteer_hours": "6.50",
    }
    assert entry.after["participant_ids"] == sorted([lens, arras])
    assert entry.after["group_id"] == group.id

    shown = text_of(client.get(f"/groupes/{group.id}"))
    assert re.search(r"Corrigé le \d\d/\d\d/\d{4} à \d\d:\d\d par Coordination", shown)
    journal = re.sub(r"<[^>]+>", "", " ".join(text_of(client.get("/journal")).split()))
    assert (
        "La coordination a corrigé la rencontre « Rencontre chez Coop de Lens et d'Arras » du "
        f"{TODAY - timedelta(days=6):%d/%m/%Y} du groupe « Bassin minier » : date de la "
        "rencontre, titre, organisations présentes et heures de bénévolat."
    ) in journal
    for detail in (
        f"Date de la rencontre : {TODAY - timedelta(days=5):%d/%m/%Y} → "
        f"{TODAY - timedelta(days=6):%d/%m/%Y}",
        "Titre : « Rencontre chez Coop de Lens » → « Rencontre chez Coop de Lens et d'Arras »",
        "Organisations présentes : Coop de Lens et Coop de Liévin → Coop d'Arras et Coop de Lens",
        "Heures de bénévolat : 6,5 h → 8 h",
    ):
        assert detail in journal, detail


def test_a_member_who_recorded_a_meeting_corrects_it(world, group, client, login_as):
    """A member may record a group's meeting (its relay, once planning allows it): it may
    correct it; the other members of the group may not."""
    meeting = _meeting(group, world, actor=world["lens_user"])
    login_as(world["lens_user"])
    assert "Corriger</a>" in text_of(client.get(f"/groupes/{group.id}"))
    response = client.post(_url(meeting), data=_form(meeting, topics="Les AG et les collèges"))
    assert response.status_code == 302
    assert len(_entries()) == 1
    before = _state(meeting.id)

    login_as(world["lievin_user"])
    assert "Corriger</a>" not in text_of(client.get(f"/groupes/{group.id}"))
    shown = client.get(_url(meeting))
    sent = client.post(_url(meeting), data=_form(meeting, version="2", topics="Autre"))
    for refused in (shown, sent):
        assert refused.status_code == 403
        assert corrections.NOT_YOURS in text_of(refused)
    assert _state(meeting.id) == before


@pytest.mark.parametrize(("who", "status"), [("calais_user", 404), ("viewer", 403)])
def test_outsiders_cannot_reach_it(who, status, world, meeting, client, login_as):
    before = _state(meeting.id)
    login_as(world[who])
    assert client.get(_url(meeting)).status_code == status
    assert client.post(_url(meeting), data=_form(meeting, topics="x")).status_code == status
    assert _state(meeting.id) == before


def test_after_thirty_days_or_once_archived_nobody_corrects(
    world, group, meeting, client, login_as
):
    login_as(world["coordinator"])
    _age(meeting, days=CORRECTION_DAYS, seconds=30)
    before = _state(meeting.id)
    late = client.post(_url(meeting), data=_form(meeting, topics="Trop tard"))
    assert late.status_code == 409
    assert "une rencontre se corrige dans les 30 jours qui suivent" in text_of(late)
    assert "Corriger</a>" not in text_of(client.get(f"/groupes/{group.id}"))

    _age(meeting, days=1)
    group_services.archive_group(group, world["coordinator"])
    db.session.commit()
    before = _state(meeting.id)
    archived = client.post(_url(meeting), data=_form(meeting, topics="Archivé"))
    assert archived.status_code == 409
    assert group_services.ARCHIVED in text_of(archived)
    assert _state(meeting.id) == before


def test_an_organisation_that_left_the_group_stays_on_the_record(
    world, group, meeting, client, login_as
):
    group_services.remove_member(group, world["coordinator"], world["lievin"])
    db.session.commit()
    login_as(world["coordinator"])
    page = text_of(client.get(_url(meeting)))
    assert "Coop de Liévin" in page  # still offered: it was there

    response = client.post(_url(meeting), data=_form(meeting, topics="Les AG, les statuts"))

    assert response.status_code == 302
    db.session.expire_all()
    assert world["lievin"] in meeting.participants
    (entry,) = _entries()
    assert set(entry.before) == {"topics"}


def test_a_meeting_without_group_is_the_coordinations(world, client, login_as, app_ctx):
    """The network's own meetings are actions of the register now (migration 0021); a
    meeting row without a group (its group gone) is still the coordination's to correct,
    with no host required among the organisations."""
    meeting = GroupMeeting(
        group_id=None,
        held_on=date(2023, 3, 1),
        kind="atelier",
        title="Atelier gouvernance",
        participants=[world["lens"]],
        other_participants="France Active (accueil)",
        volunteer_hours=0,
    )
    db.session.add(meeting)
    db.session.commit()
    login_as(world["lens_user"])
    assert client.get(_url(meeting)).status_code == 403  # the coordination's meetings
    login_as(world["coordinator"])
    assert "Corriger</a>" in text_of(client.get("/groupes/rencontres"))
    page = text_of(client.get(_url(meeting)))
    assert "Rencontre sans groupe" in page and "Aucune parmi les organisations" in page
    assert "Coop de Calais" in page  # every organisation may have been there

    response = client.post(
        _url(meeting),
        data=_form(meeting, participant_ids=[str(world["lens"].id), str(world["calais"].id)]),
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/groupes/rencontres#rencontre-{meeting.id}")
    db.session.expire_all()
    assert meeting.host is None
    assert [org.name for org in meeting.participants] == ["Coop de Calais", "Coop de Lens"]
    journal = re.sub(r"<[^>]+>", "", " ".join(text_of(client.get("/journal")).split()))
    assert (
        "La coordination a corrigé la rencontre « Atelier gouvernance » du 01/03/2023 du réseau"
        " : organisations présentes." in journal
    )
    assert "Organisations présentes : Coop de Lens → Coop de Calais et Coop de Lens" in journal


def test_a_stale_form_is_refused(world, meeting, client, login_as):
    stale = _form(meeting, topics="La version d'avant")
    login_as(world["coordinator"])
    assert client.post(_url(meeting), data=_form(meeting, topics="Premier")).status_code == 302
    before = _state(meeting.id)

    second = client.post(_url(meeting), data=stale)

    assert second.status_code == 409
    assert corrections.STALE in text_of(second)
    assert _state(meeting.id) == before


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"held_on": (TODAY + timedelta(days=1)).isoformat()}, 422, "dans le futur"),
        ({"title": "  "}, 422, "Donnez un titre à la rencontre."),
        ({"host_id": "0"}, 422, "Choisissez l'organisation qui accueille."),
        ({"host_id": "calais"}, 422, "Choix non valide"),
        ({"host_id": "999999"}, 422, "N'est pas un choix valide"),
        ({"participant_ids": ["999999"]}, 422, "n'est pas un choix valide"),
        ({"volunteer_hours": "-1"}, 422, "Entre 0 et 10 000 heures."),
        ({"kind": "fete"}, 422, "N'est pas un choix valide"),
        ({"version": ""}, 422, corrections.INCOMPLETE),
        ({"version": "3"}, 409, corrections.STALE),
    ],
)
def test_bad_corrections_write_nothing(changes, status, message, world, meeting, client, login_as):
    login_as(world["coordinator"])
    before = _state(meeting.id)

    response = client.post(_url(meeting), data=_form(meeting, **{"topics": "x", **changes}))

    assert response.status_code == status
    assert any(message in error for error in field_errors(response)) or message in text_of(response)
    assert _state(meeting.id) == before


def test_a_host_outside_the_group_is_refused_by_the_service(world, group, meeting, app_ctx):
    with pytest.raises(corrections.UserError, match="doit faire partie du groupe"):
        corrections.correct_meeting(meeting, world["coordinator"], version=1, host=world["calais"])
    db.session.rollback()
    assert _entries() == []


def test_a_field_added_to_the_recording_form_is_corrected_and_journaled(app, meeting, world):
    """The correction form is the recording form: each of its fields reaches the service
    (CORRECTABLE) and is named in the journal (labels.MEETING_FIELDS)."""
    from entraide.groups.forms import RECORD, MeetingCorrectionForm, MeetingForm
    from entraide.journal.labels import MEETING_FIELDS

    with app.test_request_context():
        recording = MeetingForm(mode=RECORD)
        recorded = {f.name for f in recording} - {"csrf_token", "submit"}
        correcting = MeetingCorrectionForm(meeting=meeting, organisations=[world["lens"]])
        arguments = correcting.correction_arguments()
        # What the recording form sends the services (a record, « Noter le compte rendu »).
        record_arguments = recording.record_arguments({})
    assert recorded == {f.name for f in correcting} - {"csrf_token", "submit", "version"}
    assert set(arguments) == set(corrections.CORRECTABLE) == set(record_arguments)
    assert list(MEETING_FIELDS) == list(corrections.SNAPSHOT_KEYS)
    assert len(recorded) == len(corrections.SNAPSHOT_KEYS)
