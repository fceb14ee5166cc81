"""GDPR: export everything about a person, pseudonymise them, purge old audit entries."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from entraide.core.extensions import db
from entraide.help_requests.services import answer, post_request
from entraide.models import AuditEntry, HelpAnswer, HelpRequest, User
from entraide.models._base import utcnow
from entraide.privacy.services import ERASED_NAME, erased_email
from tests.conftest import TEST_PASSWORD, login


@pytest.fixture
def person(make):
    """A member who asked for help, and a member of another SCIC who answered."""
    asking_org = make.organisation("SCIC Demandeuse")
    answering_org = make.organisation("SCIC Répondante")
    asker = make.member(asking_org, name="Camille Demandeuse", email="camille@exemple.fr")
    helper = make.member(answering_org, name="Dominique Aidante", email="dominique@exemple.fr")
    request = post_request(asker, asking_org, "gouvernance", "Statuts", "Relire nos statuts")
    db.session.flush()
    answer(request, helper, "Nous pouvons relire vos statuts la semaine prochaine.")
    make.need(asking_org)
    db.session.commit()
    return helper


def _export(runner, email):
    result = runner.invoke(args=["export-person", email])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_export_contains_the_account_and_contributions(person, runner):
    data = _export(runner, "dominique@exemple.fr")

    assert data["account"]["email"] == "dominique@exemple.fr"
    assert data["account"]["name"] == "Dominique Aidante"
    assert data["account"]["has_password"] is True
    assert "password_hash" not in data["account"]
    assert "session_token" not in data["account"]
    assert data["organisation"]["name"] == "SCIC Répondante"
    answers = data["contributions"]["help_answer.created_by_id"]
    assert [row["message"] for row in answers] == [
        "Nous pouvons relire vos statuts la semaine prochaine."
    ]
    acted = data["contributions"]["audit_entry.actor_id"]
    assert acted and all(row["actor_id"] == person.id for row in acted)
    assert [row["action"] for row in data["audit_about_account"]] == ["user.create"]
    # Nothing from the other person.
    assert "camille" not in json.dumps(data).lower()
    assert "help_request.created_by_id" not in data["contributions"]


def test_export_to_a_file(person, runner, tmp_path):
    target = tmp_path / "export.json"

    result = runner.invoke(args=["export-person", "DOMINIQUE@exemple.fr", "-o", str(target)])

    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["account"]["id"] == person.id


def test_export_of_an_unknown_person_fails_in_french(app_ctx, runner):
    result = runner.invoke(args=["export-person", "personne@exemple.fr"])

    assert result.exit_code == 1
    assert result.output.startswith("Erreur : Aucun compte pour l'adresse")


def test_erase_pseudonymises_and_keeps_the_contributions(person, runner, client):
    person_id = person.id
    answers_before = db.session.execute(select(func.count()).select_from(HelpAnswer)).scalar()
    old_token = person.session_token

    result = runner.invoke(args=["erase-person", "dominique@exemple.fr", "--yes"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = db.session.get(User, person_id)
    assert user.email == erased_email(user) == f"supprime-{person_id}@invalid"
    assert user.name == ERASED_NAME
    assert user.password_hash is None
    assert user.active is False
    assert user.session_token != old_token
    # Contributions stay, still linked by id; the erasure itself is in the trail.
    assert db.session.execute(select(func.count()).select_from(HelpAnswer)).scalar() == (
        answers_before
    )
    assert db.session.execute(select(HelpAnswer.created_by_id)).scalar() == person_id
    assert db.session.execute(select(HelpRequest.id)).scalar() is not None
    erase_entry = db.session.execute(
        select(AuditEntry).filter_by(action="user.erase", object_id=person_id)
    ).scalar_one()
    assert erase_entry.before is None and erase_entry.after is None
    # No way back in, and the address is free of the person's data.
    assert login(client, "dominique@exemple.fr").status_code == 422
    assert runner.invoke(args=["export-person", "dominique@exemple.fr"]).exit_code == 1


def test_pages_still_build_after_an_erasure(person, runner, make, login_as):
    runner.invoke(args=["erase-person", "dominique@exemple.fr", "--yes"])
    browser = login_as(make.coordinator())

    for path in ("/", "/organisations", "/journal"):
        response = browser.get(path)
        assert response.status_code in (200, 302), path
        assert "Dominique" not in response.get_data(as_text=True)


def test_erase_asks_for_confirmation(person, runner):
    result = runner.invoke(args=["erase-person", "dominique@exemple.fr"], input="n\n")

    assert result.exit_code == 1
    assert "Erreur : Effacement annulé" in result.output
    db.session.expire_all()
    assert db.session.get(User, person.id).name == "Dominique Aidante"


def test_the_last_coordinator_cannot_be_erased(make, runner):
    coordinator = make.coordinator(email="seule@exemple.fr")

    result = runner.invoke(args=["erase-person", "seule@exemple.fr", "--yes"])

    assert result.exit_code == 1
    assert "dernier compte de coordination" in result.output
    db.session.expire_all()
    assert db.session.get(User, coordinator.id).active is True


def test_an_erased_session_cookie_no_longer_works(person, runner, client):
    assert login(client, "dominique@exemple.fr", TEST_PASSWORD).status_code == 302
    assert client.get("/compte/mot-de-passe").status_code == 200

    runner.invoke(args=["erase-person", "dominique@exemple.fr", "--yes"])

    assert client.get("/compte/mot-de-passe").status_code == 302


# Retention ------------------------------------------------------------------------------


def _add_entry(days_ago: int) -> None:
    db.session.execute(
        insert(AuditEntry.__table__).values(
            created_at=utcnow() - timedelta(days=days_ago),
            object_type="Test",
            action=f"test.{days_ago}",
        )
    )
    db.session.commit()


def _actions() -> set[str]:
    return set(db.session.execute(select(AuditEntry.action)).scalars())


def test_purge_deletes_entries_older_than_the_retention(app_ctx, runner):
    for days in (10, 364, 366, 800):
        _add_entry(days)

    result = runner.invoke(args=["purge"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 entrées du journal d'audit de plus de 365 jours supprimées")
    assert _actions() == {"test.10", "test.364"}


def test_purge_with_an_explicit_age(app_ctx, runner):
    for days in (10, 100):
        _add_entry(days)

    result = runner.invoke(args=["purge", "--older-than-days", "30"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 entrée du journal")
    assert _actions() == {"test.10"}


def test_purge_refuses_a_zero_age(app_ctx, runner):
    _add_entry(1)

    result = runner.invoke(args=["purge", "--older-than-days", "0"])

    assert result.exit_code == 1
    assert result.output.startswith("Erreur : La durée de conservation")
    assert _actions() == {"test.1"}


def test_the_orm_still_refuses_to_delete_audit_entries(app_ctx):
    _add_entry(1000)
    entry = db.session.execute(select(AuditEntry)).scalar_one()
    db.session.delete(entry)
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


def test_export_and_erasure_cover_the_contact_choice_and_phone(person, runner):
    person.entraide_contact = True
    person.phone = "0321123456"
    db.session.commit()

    data = _export(runner, "dominique@exemple.fr")

    assert data["account"]["entraide_contact"] is True
    assert data["account"]["phone"] == "0321123456"
    assert "montrés aux organisations partenaires" in data["contact_for"]

    result = runner.invoke(args=["erase-person", "dominique@exemple.fr", "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    erased = db.session.get(User, person.id)
    assert erased.phone is None and erased.entraide_contact is False
    data = _export(runner, erased.email)
    assert data["contact_for"].startswith("Pas personne de contact")
