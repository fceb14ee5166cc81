"""Real concurrent transactions on PostgreSQL: the booklet changes only while the pairing is
active, a need is closed once, a side evaluates once, and nobody gets a 500."""

from datetime import date
from decimal import Decimal

import entraide.declarations.services as declaration_services
import entraide.followups.services as services
import entraide.pairings.services as pairing_services
from entraide.core.extensions import db
from entraide.followups.services import NewAction
from entraide.models import (
    AuditEntry,
    FollowUp,
    FollowUpAction,
    Need,
    Pairing,
    PairingEvaluation,
    User,
)
from tests.concurrency import (
    fresh,
    logged_in_client,
    postgres_only,
    race,
    race_requests,
    slow_down,
)
from tests.followups.conftest import log_meeting
from tests.web.helpers import text_of

pytestmark = postgres_only


def _audited(action: str) -> int:
    count = db.select(db.func.count(AuditEntry.id)).where(AuditEntry.action == action)
    return fresh(count).scalar()


def _log(pairing_id, actor_id, need_ids=()):
    def job():
        services.log_followup(
            db.session.get(Pairing, pairing_id),
            db.session.get(User, actor_id),
            held_on=date.today(),
            format="visit",
            volunteer_hours=Decimal(1),
            summary="Point",
            needs_met=[db.session.get(Need, need_id) for need_id in need_ids],
        )

    return job


def test_no_meeting_is_logged_after_the_pairing_stopped(app, duo, pairing, monkeypatch):
    ids = (pairing.id, duo["mentee_user"].id, duo["coordinator"].id)
    slow_down(monkeypatch, services, "record")

    def stop():
        pairing_services.stop(
            db.session.get(Pairing, ids[0]), db.session.get(User, ids[2]), "Fin anticipée"
        )

    outcomes = race(app, [_log(ids[0], ids[1]), stop])

    assert outcomes[1] == "ok" and outcomes[0] in ("ok", "UserError")
    ended_at = fresh(db.select(Pairing.ended_at).filter_by(id=pairing.id)).scalar()
    logged = fresh(db.select(FollowUp.created_at).filter_by(pairing_id=pairing.id)).scalars()
    assert all(created_at <= ended_at for created_at in logged)


def test_two_meetings_cannot_both_mark_a_need_met(app, duo, pairing, monkeypatch):
    ids = (pairing.id, duo["mentee_user"].id, duo["need"].id)
    slow_down(monkeypatch, services, "record")

    outcomes = race(app, [_log(ids[0], ids[1], [ids[2]]), _log(ids[0], ids[1], [ids[2]])])

    assert sorted(outcomes) == ["UserError", "ok"]
    assert _audited("need.met") == 1
    assert fresh(db.select(Need.status).filter_by(id=duo["need"].id)).scalar() == "met"


def test_an_action_marked_done_twice_at_once_is_done_once(app, duo, pairing, monkeypatch):
    followup = log_meeting(
        pairing, duo["mentee_user"], days_ago=1, actions=[NewAction("Envoyer les statuts")]
    )
    ids = (followup.actions[0].id, duo["mentor_user"].id)
    slow_down(monkeypatch, services, "record")

    def done():
        services.mark_action_done(
            db.session.get(FollowUpAction, ids[0]), db.session.get(User, ids[1])
        )

    assert race(app, [done, done]) == ["ok", "ok"]
    assert _audited("followup_action.done") == 1


def test_two_people_of_a_scic_evaluating_at_once_give_one_evaluation(
    app, duo, pairing, make, monkeypatch
):
    pairing_services.complete(pairing, duo["coordinator"])
    db.session.commit()
    colleague = make.member(duo["mentee"], email="collegue@jeune-pousse.fr")
    slow_down(monkeypatch, services, "record")
    clients = [logged_in_client(app, user) for user in (duo["mentee_user"], colleague)]
    url = f"/parrainages/{pairing.id}/bilan"
    data = {"satisfaction": "4", "what_helped": "Les visites", "employees_now": "3"}

    responses = race_requests([lambda c=c: c.post(url, data=data) for c in clients])

    assert sorted(r.status_code for r in responses) == [302, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert "Votre organisation a déjà donné son bilan de ce parrainage." in text_of(refused)
    evaluations = fresh(
        db.select(db.func.count(PairingEvaluation.id)).filter_by(pairing_id=pairing.id)
    ).scalar()
    assert evaluations == 1


def test_a_need_closed_twice_at_once_is_closed_once(app, duo, monkeypatch):
    slow_down(monkeypatch, declaration_services, "record")
    clients = [logged_in_client(app, duo["mentee_user"]) for _ in range(2)]
    url = f"/besoins/{duo['need'].id}/clore"

    responses = race_requests([lambda c=c: c.post(url, data={"outcome": "met"}) for c in clients])

    assert sorted(r.status_code for r in responses) == [302, 409]
    assert "Ce besoin vient d'être clos." in text_of(
        next(r for r in responses if r.status_code == 409)
    )
    assert _audited("need.met") == 1
