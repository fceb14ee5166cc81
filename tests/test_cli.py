"""The ``flask`` commands of the foundation: create-user (demo: tests/demo/test_command.py)."""

import pytest

from entraide.core.extensions import db
from entraide.models import User
from entraide.organisations.services import create_organisation
from tests.conftest import TEST_PASSWORD
from tests.web.helpers import use_cheap_password_hashing


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def _user(app, email) -> User | None:
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        if user is not None:
            db.session.expunge(user)
        return user


@pytest.fixture
def alpha(app):
    with app.app_context():
        create_organisation(None, "Énergie Citoyenne", commune_insee="62498")
        db.session.commit()


def create_user(runner, *args, password=TEST_PASSWORD):
    return runner.invoke(args=["create-user", *args, "--password-stdin"], input=password + "\n")


# create-user ------------------------------------------------------------------------------


def test_create_a_coordinator(app, runner):
    result = create_user(runner, "Camille@Exemple.fr", "--role", "coordinator", "--name", "Camille")

    assert result.exit_code == 0, result.output
    assert "Compte créé : camille@exemple.fr (Coordination)." in result.output
    user = _user(app, "camille@exemple.fr")
    assert (user.role, user.name, user.organisation_id, user.active) == (
        "coordinator",
        "Camille",
        None,
        True,
    )
    assert user.check_password(TEST_PASSWORD)
    assert TEST_PASSWORD not in result.output


def test_create_a_member_of_an_organisation(app, runner, alpha):
    # The organisation is found whatever the case and the accents.
    result = create_user(
        runner, "membre@exemple.fr", "--role", "member", "--org", "energie citoyenne"
    )

    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email="membre@exemple.fr")).scalar_one()
        assert user.organisation.name == "Énergie Citoyenne"


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ["a@exemple.fr", "--role", "viewer"],
            "court",
            "Le mot de passe doit contenir au moins 12 caractères.",
        ),
        (
            ["a@exemple.fr", "--role", "viewer"],
            "motdepasse123",
            "Ce mot de passe est trop courant : choisissez-en un autre.",
        ),
        (
            ["jean.dupont@exemple.fr", "--role", "viewer"],
            "jean.dupont-2026",
            "Le mot de passe ne doit pas reprendre votre adresse ou votre nom.",
        ),
        (
            ["a@exemple.fr", "--role", "member", "--org", "Atlantis"],
            TEST_PASSWORD,
            "Organisation inconnue : « Atlantis ».",
        ),
        (
            ["a@exemple.fr", "--role", "member"],
            TEST_PASSWORD,
            "Un membre, et seulement un membre, est rattaché à une organisation.",
        ),
        (
            ["a@exemple.fr", "--role", "viewer", "--org", "Énergie Citoyenne"],
            TEST_PASSWORD,
            "Un membre, et seulement un membre, est rattaché à une organisation.",
        ),
        (["pas-une-adresse", "--role", "viewer"], TEST_PASSWORD, "Adresse électronique invalide."),
        (["@exemple.fr", "--role", "viewer"], TEST_PASSWORD, "Adresse électronique invalide."),
    ],
)
def test_create_user_refusals(app, runner, alpha, args, password, message):
    result = create_user(runner, *args, password=password)

    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert _count(app, User) == 0


def test_create_user_refuses_a_duplicate_email(app, runner):
    assert create_user(runner, "camille@exemple.fr", "--role", "viewer").exit_code == 0

    result = create_user(runner, "CAMILLE@exemple.fr", "--role", "coordinator")

    assert result.exit_code != 0
    assert "Un compte existe déjà pour cette adresse." in result.output
    assert _count(app, User) == 1
    assert _user(app, "camille@exemple.fr").role == "viewer"


def test_create_user_refuses_an_unknown_role(app, runner):
    result = create_user(runner, "a@exemple.fr", "--role", "admin")
    assert result.exit_code == 2
    assert _count(app, User) == 0


def test_a_service_refusal_is_a_french_error_and_exit_status_1(runner, app, alpha):
    # The account exists once: the second create-user is refused by the service itself.
    assert create_user(runner, "a@example.org", "--role", "coordinator").exit_code == 0
    result = create_user(runner, "A@example.org", "--role", "coordinator")
    assert result.exit_code == 1
    assert result.output.strip().endswith("Erreur : Un compte existe déjà pour cette adresse.")
    assert _count(app, User) == 1


def test_every_command_answers_user_errors_in_french(app):
    # A command added without the wrapper would show a traceback for a refusal.
    ours = [c for c in app.cli.commands.values() if c.callback.__module__.startswith("entraide.")]
    assert len(ours) >= 13
    assert all(getattr(command.callback, "_french_errors", False) for command in ours)
