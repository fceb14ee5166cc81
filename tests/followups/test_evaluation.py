"""The close-out: each side evaluates a completed pairing once; the coordinator reads both."""

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry, Need, Organisation, PairingEvaluation
from entraide.pairings import services as pairing_services
from tests.web.helpers import field_errors, text_of


@pytest.fixture
def completed(duo, pairing):
    pairing_services.complete(pairing, duo["coordinator"])
    db.session.commit()
    return pairing


def _url(pairing) -> str:
    return f"/parrainages/{pairing.id}/bilan"


def _count() -> int:
    return db.session.scalar(db.select(db.func.count(PairingEvaluation.id)))


def test_each_side_evaluates_once_and_the_coordinator_sees_both(
    duo, completed, client, login_as, app_ctx
):
    login_as(duo["mentee_user"])
    assert "Donner notre bilan" in text_of(client.get(f"/parrainages/{completed.id}"))
    form = text_of(client.get(_url(completed)))
    assert "Organiser notre assemblée générale" in form and "5 – Très satisfaite" in form
    response = client.post(
        _url(completed),
        data={
            "satisfaction": "5",
            "what_helped": "Les visites sur place",
            "needs_met": [str(duo["need"].id)],
            "employees_now": "3",
            "members_now": "42",
        },
    )
    assert response.status_code == 302, text_of(response)
    db.session.expire_all()
    evaluation = db.session.execute(db.select(PairingEvaluation)).scalar_one()
    assert (evaluation.organisation_id, evaluation.satisfaction) == (duo["mentee"].id, 5)
    assert db.session.get(Need, duo["need"].id).status == "met"
    assert db.session.get(Need, duo["other_need"].id).status == "open"
    mentee = db.session.get(Organisation, duo["mentee"].id)
    assert (mentee.employees, mentee.members_count) == (3, 42)
    actions = set(db.session.execute(db.select(AuditEntry.action)).scalars())
    assert {"pairing.evaluate", "need.met", "organisation.update"} <= actions

    # A second post by the same side is refused, and writes nothing.
    again = client.post(_url(completed), data={"satisfaction": "1"})
    assert again.status_code == 409
    assert "déjà donné son bilan" in text_of(again)
    assert client.get(_url(completed)).status_code == 409
    assert _count() == 1
    page = text_of(client.get(f"/parrainages/{completed.id}"))
    assert "Les visites sur place" in page and "Donner notre bilan" not in page

    login_as(duo["coordinator"])
    page = text_of(client.get(f"/parrainages/{completed.id}"))
    assert "Les visites sur place" in page and "Bilan attendu de : Vieux Chêne" in page

    login_as(duo["mentor_user"])
    page = text_of(client.get(f"/parrainages/{completed.id}"))
    assert "Les visites sur place" not in page  # each side sees its own evaluation
    response = client.post(_url(completed), data={"satisfaction": "4", "what_helped": "Le lien"})
    assert response.status_code == 302
    mentor = db.session.get(Organisation, duo["mentor"].id)
    assert mentor.employees is None  # left empty: the profile is not touched

    login_as(duo["coordinator"])
    page = text_of(client.get(f"/parrainages/{completed.id}"))
    assert "Les visites sur place" in page and "Le lien" in page
    assert "Bilan attendu" not in page and _count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Indiquez votre satisfaction."),
        ({"satisfaction": "6"}, "N'est pas un choix valide"),
        ({"satisfaction": "4", "employees_now": "-2"}, "Un nombre positif ou nul."),
        ({"satisfaction": "4", "needs_met": "999999"}, "n'est pas un choix valide"),
    ],
)
def test_bad_evaluations_are_refused(data, message, duo, completed, client, login_as, app_ctx):
    login_as(duo["mentor_user"])
    response = client.post(_url(completed), data=data)
    assert response.status_code == 422
    assert any(message in error for error in field_errors(response)), field_errors(response)
    assert _count() == 0


def test_only_a_completed_pairing_is_evaluated(duo, pairing, client, login_as, app_ctx):
    login_as(duo["mentee_user"])
    response = client.post(_url(pairing), data={"satisfaction": "5"})
    assert response.status_code == 409
    assert "quand le parrainage est terminé" in text_of(response)
    assert _count() == 0


def test_who_may_evaluate(duo, make, completed, client, login_as, app_ctx):
    login_as(make.member())
    assert client.post(_url(completed), data={"satisfaction": "5"}).status_code == 404
    login_as(make.viewer())
    assert client.get(_url(completed)).status_code == 403
    login_as(duo["coordinator"])
    assert client.post(_url(completed), data={"satisfaction": "5"}).status_code == 403
    assert _count() == 0


def test_the_database_keeps_one_evaluation_per_side(duo, completed, app_ctx):
    from sqlalchemy.exc import IntegrityError

    for _ in range(2):
        db.session.add(
            PairingEvaluation(
                pairing_id=completed.id, organisation_id=duo["mentee"].id, satisfaction=3
            )
        )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_an_evaluation_refused_by_the_database_is_the_409_page(
    duo, completed, client, login_as, app_ctx, monkeypatch
):
    """What the second of two people evaluating at once gets if the unique constraint,
    not the check, refuses it (the race itself is in test_concurrency, on PostgreSQL)."""
    from entraide.followups import routes

    original = routes.services.evaluate

    def evaluate_and_someone_else_too(pairing, actor, organisation, **kwargs):
        original(pairing, actor, organisation, **kwargs)
        twin = PairingEvaluation(
            pairing_id=pairing.id, organisation_id=organisation.id, satisfaction=1
        )
        db.session.add(twin)

    monkeypatch.setattr(routes.services, "evaluate", evaluate_and_someone_else_too)
    login_as(duo["mentee_user"])
    response = client.post(_url(completed), data={"satisfaction": "4"})
    assert response.status_code == 409
    assert "Votre organisation a déjà donné son bilan de ce parrainage." in text_of(response)
    assert f'/parrainages/{completed.id}">Revenir' in text_of(response)
    assert _count() == 0
