"""The parrainage lifecycle: propose, consent, decline, reject, stop, complete."""

import re

import pytest

from entraide.core.errors import UserError
from entraide.core.extensions import db
from entraide.models import AuditEntry, Pairing, PairingTransition, PairRejection
from entraide.pairings import services
from entraide.suggestions.services import network_suggestions
from tests.web.helpers import text_of


def _propose(client, duo, **extra):
    data = {
        "mentee_id": duo["mentee"].id,
        "mentor_id": duo["mentor"].id,
        "need_ids": [duo["need"].id],
        "objectives": "Une AG réussie",
        "planned_months": "12",
        "rhythm_days": "30",
        "score": "0.61",
    }
    data.update(extra)
    return client.post("/parrainages/nouveau", data=data)


def _answer(client, pairing_id, decision, message=""):
    return client.post(
        f"/parrainages/{pairing_id}/reponse", data={"decision": decision, "message": message}
    )


def test_queue_lists_the_proposed_sponsor(duo, client, login_as):
    login_as(duo["coordinator"])
    page = client.get("/parrainages/file").get_data(as_text=True)
    assert "Jeune Pousse" in page and "Vieux Chêne" in page and "proposé" in page


def test_queue_shows_each_theme_of_the_open_needs_once_with_its_count(duo, make, client, login_as):
    mentee = duo["mentee"]
    make.need(mentee, "gouvernance", "Réviser nos statuts")
    make.need(mentee, "financement", "Trouver un prêt d'honneur")
    login_as(duo["coordinator"])
    page = text_of(client.get("/parrainages/file"))
    badges = re.findall(r'<span class="badge">([^<]*)</span>', page.split("Besoins ouverts :")[1])
    assert badges[:2] == ["Gouvernance et vie coopérative (2)", "Financement et fonds propres"]


def test_full_consent_starts_the_pairing(duo, client, login_as, app_ctx):
    login_as(duo["coordinator"])
    response = _propose(client, duo)
    assert response.status_code == 302
    pairing = db.session.execute(db.select(Pairing)).scalar_one()
    assert pairing.status == "awaiting_consent" and pairing.charter_coordinator_at
    assert [n.id for n in pairing.needs] == [duo["need"].id]

    login_as(duo["mentee_user"])
    assert _answer(client, pairing.id, "accept").status_code == 302
    db.session.refresh(pairing)
    assert pairing.status == "awaiting_consent" and pairing.mentee_consent is True

    login_as(duo["mentor_user"])
    assert _answer(client, pairing.id, "accept", "Avec plaisir").status_code == 302
    db.session.refresh(pairing)
    assert pairing.status == "active" and pairing.start_date is not None
    statuses = [(t.from_status, t.to_status) for t in pairing.transitions]
    assert statuses == [
        (None, "proposed"),
        ("proposed", "awaiting_consent"),
        ("awaiting_consent", "active"),
    ]
    assert (
        db.session.scalar(
            db.select(db.func.count(AuditEntry.id)).filter(AuditEntry.action.like("pairing.%"))
        )
        >= 4
    )


def test_a_decline_sends_the_mentee_back_to_the_queue(duo, client, login_as, app_ctx):
    login_as(duo["coordinator"])
    _propose(client, duo)
    pairing = db.session.execute(db.select(Pairing)).scalar_one()
    login_as(duo["mentor_user"])
    _answer(client, pairing.id, "decline", "Pas de temps cette année")
    db.session.refresh(pairing)
    assert pairing.status == "declined"
    assert "Pas de temps cette année" in pairing.end_reason
    login_as(duo["coordinator"])
    page = client.get("/parrainages/file").get_data(as_text=True)
    assert "Jeune Pousse" in page and "Pas de temps cette année" in page


def test_a_side_cannot_answer_twice_nor_for_the_other(duo, make, client, login_as, app_ctx):
    login_as(duo["coordinator"])
    _propose(client, duo)
    pairing = db.session.execute(db.select(Pairing)).scalar_one()
    login_as(duo["mentee_user"])
    _answer(client, pairing.id, "accept")
    again = _answer(client, pairing.id, "decline")
    assert again.status_code == 409
    assert "déjà répondu" in again.get_data(as_text=True)
    stranger = make.member()
    login_as(stranger)
    assert _answer(client, pairing.id, "accept").status_code == 404
    assert client.get(f"/parrainages/{pairing.id}").status_code == 404


def test_members_cannot_validate_pairings(duo, client, login_as):
    login_as(duo["mentee_user"])
    assert _propose(client, duo).status_code == 403
    assert client.get("/parrainages/file").status_code == 403


def test_capacity_and_single_live_pairing_are_enforced(duo, make, client, login_as, app_ctx):
    login_as(duo["coordinator"])
    _propose(client, duo)
    other = make.organisation("Autre Pousse", year_created=2022)
    make.need(other, "gouvernance")
    full = _propose(client, duo, mentee_id=other.id, need_ids=[])
    assert full.status_code == 409
    assert "plus de place" in full.get_data(as_text=True)
    again = _propose(client, duo)
    assert again.status_code == 409
    assert db.session.scalar(db.select(db.func.count(Pairing.id))) == 1


def test_rejected_pair_is_never_suggested_until_lifted(duo, client, login_as, app_ctx):
    login_as(duo["coordinator"])
    response = client.post(
        "/parrainages/ecarter",
        data={
            "mentee_id": duo["mentee"].id,
            "mentor_id": duo["mentor"].id,
            "reason": "Conflit d'intérêts",
        },
    )
    assert response.status_code == 302
    result = network_suggestions()
    assert all(c.id != duo["mentor"].id for m in result.mentees for c in m.candidates)
    assert _propose(client, duo).status_code == 409
    rejection = db.session.execute(db.select(PairRejection)).scalar_one()
    assert "Conflit" in client.get("/parrainages/refus").get_data(as_text=True)
    client.post(f"/parrainages/refus/{rejection.id}/lever")
    result = network_suggestions()
    assert any(c.id == duo["mentor"].id for m in result.mentees for c in m.candidates)


def test_reject_needs_a_reason(duo, client, login_as, app_ctx):
    login_as(duo["coordinator"])
    response = client.post(
        "/parrainages/ecarter",
        data={"mentee_id": duo["mentee"].id, "mentor_id": duo["mentor"].id, "reason": " "},
    )
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(PairRejection.id))) == 0


def test_stop_complete_and_forbidden_transitions(duo, client, login_as, app_ctx):
    login_as(duo["coordinator"])
    _propose(client, duo)
    pairing = db.session.execute(db.select(Pairing)).scalar_one()
    assert client.post(f"/parrainages/{pairing.id}/terminer").status_code == 409
    assert client.post(f"/parrainages/{pairing.id}/arreter", data={"reason": ""}).status_code == 422
    assert (
        client.post(
            f"/parrainages/{pairing.id}/arreter", data={"reason": "Erreur de saisie"}
        ).status_code
        == 302
    )
    db.session.refresh(pairing)
    assert pairing.status == "stopped"
    count = db.session.scalar(db.select(db.func.count(PairingTransition.id)))
    assert (
        client.post(f"/parrainages/{pairing.id}/arreter", data={"reason": "encore"}).status_code
        == 409
    )
    assert db.session.scalar(db.select(db.func.count(PairingTransition.id))) == count


def test_sponsored_mentee_leaves_the_suggestions(duo, client, login_as, app_ctx):
    login_as(duo["coordinator"])
    _propose(client, duo)
    result = network_suggestions()
    assert all(m.id != duo["mentee"].id for m in result.mentees)


def test_self_pairing_is_refused(duo, app_ctx):
    with pytest.raises(UserError):
        services.propose(duo["coordinator"], duo["mentor"], duo["mentor"])
    db.session.rollback()


def test_stale_decision_is_a_conflict(duo, app_ctx):
    """Two coordinators load the same pairing; the second to write is refused."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    pairing = services.propose(duo["coordinator"], duo["mentee"], duo["mentor"])
    db.session.commit()
    with Session(db.engine) as first, Session(db.engine) as second:
        mine = first.get(Pairing, pairing.id)
        theirs = second.get(Pairing, pairing.id)
        theirs.status = "stopped"
        second.commit()
        mine.objectives = "written on a stale copy"
        with pytest.raises(StaleDataError):
            first.commit()
