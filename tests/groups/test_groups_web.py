"""Territorial groups: validation from the suggestions, management, access, meetings."""

import html
from datetime import date, timedelta

import pytest

from entraide.core.errors import UserError
from entraide.core.extensions import db
from entraide.groups import services
from entraide.models import AuditEntry, GroupMeeting, TerritorialGroup


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _validate(client, name, *orgs):
    return client.post("/groupes/valider", data={"name": name, "member_ids": [o.id for o in orgs]})


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def group(world, app_ctx):
    """An active group of the three SCICs around Lens and Arras, built by the service."""
    made = services.create_group(
        world["coordinator"], "Lens", [world["lens"], world["lievin"], world["arras"]]
    )
    db.session.commit()
    return made


def test_suggestions_page_offers_to_validate_each_group(world, client, login_as):
    login_as(world["coordinator"])
    page = _text(client.get("/rapprochement/groupes"))
    assert "Valider ce groupe" in page
    assert 'name="member_ids"' in page and 'action="/groupes/valider"' in page


def test_coordinator_validates_a_suggested_group(world, client, login_as, app_ctx):
    login_as(world["coordinator"])
    response = _validate(client, "Lens", world["lens"], world["lievin"])
    assert response.status_code == 302
    group = db.session.execute(db.select(TerritorialGroup)).scalar_one()
    assert response.headers["Location"].endswith(f"/groupes/{group.id}")
    assert {o.name for o in group.members} == {"Coop de Lens", "Coop de Liévin"}
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="group.create")).scalar_one()
    assert entry.actor_id == world["coordinator"].id
    assert entry.after["member_ids"] == sorted([world["lens"].id, world["lievin"].id])
    page = _text(client.get(f"/groupes/{group.id}"))
    assert "Coop de Lens" in page and "<svg" in page and "Aucune rencontre" in page


@pytest.mark.parametrize(
    "name, members, message",
    [
        ("", ("lens", "lievin"), "Donnez un nom au groupe."),
        ("Lens", ("lens",), "au moins deux organisations"),
        ("x" * 121, ("lens", "lievin"), "120 caractères au plus."),
    ],
)
def test_invalid_validation_writes_nothing(
    world, client, login_as, app_ctx, name, members, message
):
    login_as(world["coordinator"])
    response = _validate(client, name, *(world[m] for m in members))
    assert response.status_code == 422
    assert message in _text(response)
    assert _count(TerritorialGroup) == 0


def test_unknown_or_archived_member_is_refused(world, client, login_as, app_ctx):
    from entraide.organisations.services import archive_organisation

    login_as(world["coordinator"])
    response = client.post(
        "/groupes/valider", data={"name": "Lens", "member_ids": [world["lens"].id, 99999]}
    )
    assert response.status_code == 422
    archive_organisation(world["arras"], None)
    db.session.commit()
    response = _validate(client, "Lens", world["lens"], world["arras"])
    assert response.status_code == 422
    assert _count(TerritorialGroup) == 0


def test_an_organisation_is_in_one_active_group_only(group, world, client, login_as, app_ctx):
    login_as(world["coordinator"])
    response = _validate(client, "Autre", world["lens"], world["calais"])
    assert response.status_code == 409
    assert "fait déjà partie du groupe « Lens »" in _text(response)
    again = _validate(client, "lens", world["calais"], world["lievin"])
    assert again.status_code == 409
    assert _count(TerritorialGroup) == 1


def test_rename_add_remove_contact_archive(group, world, client, login_as, app_ctx):
    login_as(world["coordinator"])
    base = f"/groupes/{group.id}"
    assert client.post(f"{base}/nom", data={"name": "Lens – Liévin"}).status_code == 302
    assert (
        client.post(f"{base}/membres", data={"organisation_id": world["calais"].id}).status_code
        == 302
    )
    assert (
        client.post(f"{base}/contact", data={"contact_id": world["lievin_user"].id}).status_code
        == 302
    )
    db.session.refresh(group)
    assert group.name == "Lens – Liévin"
    assert world["calais"] in group.members and group.contact_user_id == world["lievin_user"].id
    # Removing the contact's organisation also removes the contact.
    assert client.post(f"{base}/membres/{world['lievin'].id}/retirer").status_code == 302
    db.session.refresh(group)
    assert world["lievin"] not in group.members and group.contact_user_id is None
    assert client.post(f"{base}/archiver").status_code == 302
    db.session.refresh(group)
    assert group.archived_at is not None
    refused = client.post(f"{base}/nom", data={"name": "Encore"})
    assert refused.status_code == 409 and "archivé" in _text(refused)
    actions = set(db.session.execute(db.select(AuditEntry.action)).scalars())
    assert {
        "group.rename",
        "group.member_add",
        "group.contact",
        "group.member_remove",
        "group.archive",
    } <= actions


def test_contact_must_belong_to_a_member_organisation(group, world, client, login_as, app_ctx):
    login_as(world["coordinator"])
    response = client.post(
        f"/groupes/{group.id}/contact", data={"contact_id": world["calais_user"].id}
    )
    assert response.status_code == 422
    db.session.refresh(group)
    assert group.contact_user_id is None


def test_a_group_keeps_two_members(world, client, login_as, app_ctx):
    small = services.create_group(None, "Duo", [world["lens"], world["lievin"]])
    db.session.commit()
    login_as(world["coordinator"])
    response = client.post(f"/groupes/{small.id}/membres/{world['lens'].id}/retirer")
    assert response.status_code == 409 and "archivez-le" in _text(response)


def test_page_access_by_role(group, world, make, client, login_as):
    url = f"/groupes/{group.id}"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]
    login_as(world["lens_user"])
    page = client.get(url)
    assert page.status_code == 200
    text = _text(page)
    assert "Coop d'Arras" in text and "Gestion du groupe" not in text  # read-only
    assert client.post(f"{url}/nom", data={"name": "Piraté"}).status_code == 403
    assert client.get("/groupes").status_code == 403
    mine = client.get("/groupes/le-mien")
    assert mine.status_code == 302 and mine.headers["Location"].endswith(url)
    login_as(world["calais_user"])
    assert client.get(url).status_code == 404
    assert "pas encore" in _text(client.get("/groupes/le-mien"))
    login_as(world["viewer"])
    assert client.get(url).status_code == 403
    assert client.get("/groupes").status_code == 403
    assert client.get("/groupes/rencontres").status_code == 403
    login_as(world["coordinator"])
    assert client.get("/groupes/99999").status_code == 404
    listing = _text(client.get("/groupes"))
    assert "Lens" in listing and "Actif" in listing


def _meeting(client, group, **changes):
    data = {
        "held_on": date.today().isoformat(),
        "kind": "rencontre",
        "title": "Rencontre de mai",
        "host_id": group.members[0].id,
        "participant_ids": [group.members[1].id],
        "other_participants": "France Active",
        "topics": "Trésorerie",
        "volunteer_hours": "6.5",
    }
    data.update(changes)
    return client.post(f"/groupes/{group.id}/rencontres/nouvelle", data=data)


def test_record_a_meeting(group, world, client, login_as, app_ctx):
    login_as(world["coordinator"])
    assert client.get(f"/groupes/{group.id}/rencontres/nouvelle").status_code == 200
    host = group.members[0]
    response = _meeting(client, group)
    assert response.status_code == 302
    meeting = db.session.execute(db.select(GroupMeeting)).scalar_one()
    assert meeting.group_id == group.id and meeting.host_id == host.id
    # The host counts among the participants.
    assert {o.id for o in meeting.participants} == {host.id, group.members[1].id}
    assert str(meeting.volunteer_hours) in ("6.5", "6.50")
    assert meeting.created_by_id == world["coordinator"].id
    page = _text(client.get(f"/groupes/{group.id}"))
    assert "Rencontre de mai" in page and "France Active" in page
    login_as(world["lens_user"])
    assert "Rencontre de mai" in _text(client.get(f"/groupes/{group.id}"))
    assert _meeting(client, group).status_code == 403


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"held_on": (date.today() + timedelta(days=1)).isoformat()}, "futur"),
        ({"held_on": "pas une date"}, "date"),
        ({"volunteer_hours": "-1"}, "Entre 0 et 10 000 heures."),
        ({"volunteer_hours": "NaN"}, "N'est pas une valeur décimale valide."),
        ({"volunteer_hours": "beaucoup"}, "décimal"),
        ({"title": "  "}, "Donnez un titre"),
        ({"kind": "pique-nique"}, "choix"),
        ({"host_id": "0"}, "Choisissez l'organisation qui accueille."),
    ],
)
def test_bad_meeting_input_is_refused(group, world, client, login_as, app_ctx, changes, message):
    login_as(world["coordinator"])
    response = _meeting(client, group, **changes)
    assert response.status_code == 422
    assert message in _text(response)
    assert _count(GroupMeeting) == 0


def test_host_and_participants_must_be_members(group, world, client, login_as, app_ctx):
    login_as(world["coordinator"])
    assert _meeting(client, group, host_id=world["calais"].id).status_code == 422
    assert _meeting(client, group, participant_ids=[world["calais"].id]).status_code == 422
    assert _count(GroupMeeting) == 0


def test_no_meeting_in_an_archived_group(group, world, client, login_as, app_ctx):
    services.archive_group(group, None)
    db.session.commit()
    login_as(world["coordinator"])
    assert _meeting(client, group).status_code == 409
    assert _count(GroupMeeting) == 0


def test_service_refuses_future_dates_and_outsiders(group, world, app_ctx):
    members = list(group.members)
    with pytest.raises(UserError, match="futur"):
        services.record_meeting(
            group,
            None,
            held_on=date.today() + timedelta(days=2),
            kind="atelier",
            title="Demain",
            host=members[0],
        )
    with pytest.raises(UserError, match="accueille"):
        services.record_meeting(
            group,
            None,
            held_on=date.today(),
            kind="atelier",
            title="Ailleurs",
            host=world["calais"],
        )
    db.session.rollback()


def test_meetings_page_lists_the_groups_meetings_paginated(group, world, client, login_as, app_ctx):
    """The network's own meetings (the history) are actions of the register, not listed here."""
    from entraide.groups.history import load_history

    load_history()
    for day in range(30):
        services.record_meeting(
            group,
            None,
            held_on=date(2024, 1, 1) + timedelta(days=day),
            kind="rencontre" if day % 2 else "atelier",
            title=f"Rencontre {day}",
            host=group.members[0],
        )
    db.session.commit()
    login_as(world["coordinator"])
    first = _text(client.get("/groupes/rencontres"))
    assert "Rencontre 29" in first and "Page 1 sur 2" in first
    assert "registre des actions" in first
    second = _text(client.get("/groupes/rencontres?page=2"))
    assert "Rencontre 0" in second and "Atelier d'interconnaissance" not in second
    workshops = _text(client.get("/groupes/rencontres?kind=atelier"))
    assert "Rencontre 28" in workshops and "Rencontre 29" not in workshops
    assert client.get("/groupes/rencontres?kind=inconnu").status_code == 422
    login_as(world["lens_user"])
    assert client.get("/groupes/rencontres").status_code == 403
