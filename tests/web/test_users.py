"""The coordinator's management of accounts: invitations, activation."""

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry, User
from tests.conftest import login
from tests.web.helpers import (
    field_errors,
    flashes,
    input_value,
    is_login_redirect,
    location_path,
    text_of,
)


@pytest.fixture
def coordinator(make):
    return make.coordinator()


@pytest.fixture
def org(make):
    return make.organisation("SCIC Alpha")


def _user_by_email(in_db, email) -> User | None:
    with in_db() as session:
        user = session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        if user is not None:
            session.expunge(user)
        return user


def _user_count(in_db) -> int:
    with in_db() as session:
        return session.scalar(db.select(db.func.count(User.id)))


def test_invite_a_member(coordinator, org, client, login_as, in_db):
    login_as(coordinator)
    form = client.get("/utilisateurs/inviter", query_string={"org": org.id})
    assert f'<option selected value="{org.id}">SCIC Alpha</option>' in text_of(form)

    response = client.post(
        "/utilisateurs/inviter",
        data={
            "email": "Camille@Exemple.fr",
            "name": "Camille",
            "role": "member",
            "organisation_id": org.id,
        },
    )

    assert response.status_code == 200
    assert "/invitation/" in input_value(response, "lien")
    user = _user_by_email(in_db, "camille@exemple.fr")
    assert (user.role, user.organisation_id, user.name, user.active) == (
        "member",
        org.id,
        "Camille",
        True,
    )
    assert not user.has_password
    with in_db() as session:
        entry = session.scalars(
            db.select(AuditEntry).filter_by(action="user.create").order_by(AuditEntry.id.desc())
        ).first()
        assert entry.actor_id == coordinator.id
        assert entry.after == {"role": "member", "organisation_id": org.id}
    page = text_of(client.get("/utilisateurs"))
    assert "camille@exemple.fr" in page and "invitation en attente" in page


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_invite_a_person_without_organisation(coordinator, client, login_as, in_db, role):
    login_as(coordinator)
    response = client.post(
        "/utilisateurs/inviter",
        data={"email": "mission.ess@exemple.fr", "role": role, "organisation_id": "0"},
    )
    assert response.status_code == 200
    user = _user_by_email(in_db, "mission.ess@exemple.fr")
    assert (user.role, user.organisation_id) == (role, None)


def test_invitation_is_emailed_when_smtp_works(
    app, coordinator, org, client, login_as, outbox, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.exemple.fr")
    login_as(coordinator)

    response = client.post(
        "/utilisateurs/inviter",
        data={"email": "camille@exemple.fr", "role": "member", "organisation_id": org.id},
    )

    # Queued with the account (the outbox worker sends it): the link is not on screen.
    assert location_path(response) == "/utilisateurs"
    assert [(m["to"], m["subject"], m["status"]) for m in outbox] == [
        ("camille@exemple.fr", "Invitation à rejoindre Entraide", "waiting")
    ]
    assert "SCIC Alpha" in outbox[0]["body"] and "/invitation/" in outbox[0]["body"]
    assert flashes(client.get("/utilisateurs")) == [
        "Invitation en cours d'envoi à camille@exemple.fr."
    ]


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        (
            {"role": "member", "organisation_id": "0"},
            "Un membre doit être rattaché à une organisation.",
        ),
        (
            {"role": "viewer", "organisation_id": "{org}"},
            "Seuls les membres sont rattachés à une organisation.",
        ),
        ({"email": "", "organisation_id": "{org}"}, "Indiquez l'adresse électronique."),
        (
            {"email": "pas-une-adresse", "organisation_id": "{org}"},
            "Adresse électronique invalide.",
        ),
        (
            {"email": "COORDINATION@exemple.fr", "organisation_id": "{org}"},
            "Un compte existe déjà pour cette adresse.",
        ),
        ({"role": "admin", "organisation_id": "{org}"}, "N'est pas un choix valide."),
        ({"organisation_id": "999999"}, "N'est pas un choix valide."),
        ({"organisation_id": "alpha"}, "Choix non valide, ne peut pas être converti."),
    ],
)
def test_bad_invitations_create_nothing(org, make, client, login_as, in_db, data, field_message):
    login_as(make.coordinator(email="coordination@exemple.fr"))
    before = _user_count(in_db)
    data = {"email": "camille@exemple.fr", "role": "member", **data}
    data["organisation_id"] = data["organisation_id"].format(org=org.id)

    response = client.post("/utilisateurs/inviter", data=data)

    assert response.status_code == 422
    assert field_message in " ".join(field_errors(response))
    assert _user_count(in_db) == before


def test_archived_organisations_cannot_receive_invitations(coordinator, org, client, login_as):
    login_as(coordinator)
    client.post(f"/organisations/{org.id}/archiver")
    form = text_of(client.get("/utilisateurs/inviter"))
    assert ">SCIC Alpha</option>" not in form
    response = client.post(
        "/utilisateurs/inviter",
        data={"email": "camille@exemple.fr", "role": "member", "organisation_id": org.id},
    )
    assert response.status_code == 422


def test_resend_invitation(coordinator, org, make, client, login_as, new_client):
    pending = make.member(org, password=None)
    login_as(coordinator)
    assert "Renvoyer l'invitation" in text_of(client.get("/utilisateurs"))

    response = client.post(f"/utilisateurs/{pending.id}/reinviter")

    assert response.status_code == 200
    link = input_value(response, "lien")
    assert new_client().get(link).status_code == 200
    assert client.get(f"/utilisateurs/{pending.id}/reinviter").status_code == 405


def test_no_resend_once_the_password_is_chosen(coordinator, org, make, client, login_as):
    member = make.member(org)
    login_as(coordinator)
    assert client.post(f"/utilisateurs/{member.id}/reinviter").status_code == 400
    assert client.post("/utilisateurs/999999/reinviter").status_code == 404


def test_deactivate_and_reactivate(
    coordinator, org, make, client, login_as, new_client, in_db, audit_actions
):
    member = make.member(org)
    member_browser = new_client(member)
    login_as(coordinator)

    response = client.post(f"/utilisateurs/{member.id}/activation")

    assert location_path(response) == "/utilisateurs"
    assert flashes(client.get("/utilisateurs")) == ["Le compte est désactivé."]
    assert _user_by_email(in_db, member.email).active is False
    assert is_login_redirect(member_browser.get(f"/organisations/{org.id}"))  # session ended
    assert login(new_client(), member.email).status_code == 422

    response = client.post(f"/utilisateurs/{member.id}/activation")

    assert location_path(response) == "/utilisateurs"
    assert _user_by_email(in_db, member.email).active is True
    assert is_login_redirect(member_browser.get(f"/organisations/{org.id}"))  # still ended
    assert login(new_client(), member.email).status_code == 302
    assert audit_actions("User")[-2:] == ["user.deactivate", "user.activate"]


def test_coordinator_cannot_deactivate_self(coordinator, client, login_as, in_db):
    login_as(coordinator)
    assert f"/utilisateurs/{coordinator.id}/activation" not in text_of(client.get("/utilisateurs"))

    response = client.post(f"/utilisateurs/{coordinator.id}/activation")

    assert response.status_code == 400
    assert _user_by_email(in_db, coordinator.email).active is True
    assert client.get("/utilisateurs").status_code == 200
    assert client.post("/utilisateurs/999999/activation").status_code == 404


def test_accounts_list_paginates(coordinator, make, client, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 2)
    for _ in range(3):
        make.viewer(password=None)
    login_as(coordinator)
    first = text_of(client.get("/utilisateurs"))
    assert "Page 1 sur 2" in first
    assert client.get("/utilisateurs?page=2").status_code == 200


def test_an_account_deactivated_meanwhile_cannot_deactivate_another(make, in_db):
    """What the second of two coordinators deactivating each other at once reads once the
    first has committed (the race itself is in test_concurrency, on PostgreSQL)."""
    from entraide.core.errors import UserError
    from entraide.users.services import set_active

    first, second = make.coordinator(), make.coordinator()
    with in_db() as session:
        set_active(session.get(User, first.id), session.get(User, second.id), False)
        session.commit()
    with in_db() as session:
        with pytest.raises(UserError, match="Votre compte vient d'être désactivé"):
            set_active(session.get(User, second.id), session.get(User, first.id), False)
        session.rollback()
        assert session.get(User, second.id).active
