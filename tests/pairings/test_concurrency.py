"""Real concurrent transactions on PostgreSQL: no double pairing, no capacity exceeded,
both consents start a pairing, and nobody gets a 500."""

import entraide.pairings.services as services
from entraide.core.extensions import db
from entraide.models import AuditEntry, Organisation, Pairing, PairingTransition, User
from entraide.models.pairing import PairRejection
from tests.concurrency import (
    fresh,
    logged_in_client,
    postgres_only,
    race,
    race_requests,
    slow_down,
)

pytestmark = postgres_only


def test_two_coordinators_cannot_both_use_the_last_place(app, make):
    mentor = make.organisation("Parrain Unique", year_created=2000, mentor_capacity=1)
    first = make.organisation("Pousse Un", year_created=2023)
    second = make.organisation("Pousse Deux", year_created=2023)
    coordinator = make.coordinator()
    ids = (mentor.id, first.id, second.id, coordinator.id)

    def propose(mentee_id):
        def job():
            actor = db.session.get(User, ids[3])
            services.propose(
                actor, db.session.get(Organisation, mentee_id), db.session.get(Organisation, ids[0])
            )

        return job

    outcomes = race(app, [propose(ids[1]), propose(ids[2])])
    assert sorted(outcomes) == ["UserError", "ok"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Pairing.id))) == 1


def test_same_mentee_proposed_twice_at_once_gives_one_pairing(app, make):
    mentee = make.organisation("Pousse Convoitée", year_created=2023)
    one = make.organisation("Parrain A", year_created=2000, mentor_capacity=2)
    two = make.organisation("Parrain B", year_created=2001, mentor_capacity=2)
    coordinator = make.coordinator()
    ids = (mentee.id, one.id, two.id, coordinator.id)

    def propose(mentor_id):
        def job():
            actor = db.session.get(User, ids[3])
            services.propose(
                actor, db.session.get(Organisation, ids[0]), db.session.get(Organisation, mentor_id)
            )

        return job

    outcomes = race(app, [propose(ids[1]), propose(ids[2])])
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} <= {"UserError", "IntegrityError"}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Pairing.id))) == 1


def _proposed(duo) -> Pairing:
    pairing = services.propose(duo["coordinator"], duo["mentee"], duo["mentor"])
    db.session.commit()
    return pairing


def test_both_scics_accepting_at_once_start_the_pairing(app, duo, monkeypatch):
    """The issue's 500: a StaleDataError raised by an autoflush inside answer()."""
    pairing = _proposed(duo)
    slow_down(monkeypatch, services, "record")
    url = f"/parrainages/{pairing.id}/reponse"
    clients = [logged_in_client(app, duo[who]) for who in ("mentee_user", "mentor_user")]

    responses = race_requests(
        [lambda c=c: c.post(url, data={"decision": "accept", "message": ""}) for c in clients]
    )

    assert [r.status_code for r in responses] == [302, 302]
    row = fresh(db.select(Pairing).filter_by(id=pairing.id)).scalar_one()
    assert (row.mentee_consent, row.mentor_consent, row.status) == (True, True, "active")
    assert row.start_date is not None


def test_an_acceptance_and_a_stop_at_once_are_one_after_the_other(app, duo, monkeypatch):
    pairing = _proposed(duo)
    ids = (pairing.id, duo["mentee_user"].id, duo["coordinator"].id)
    slow_down(monkeypatch, services, "record")

    def accept():
        services.answer(
            db.session.get(Pairing, ids[0]), db.session.get(User, ids[1]), "mentee", True, None
        )

    def stop():
        services.stop(db.session.get(Pairing, ids[0]), db.session.get(User, ids[2]), "Annulé")

    outcomes = race(app, [accept, stop])

    # Accepting then stopping, or stopping then a French refusal: never a stale write.
    assert outcomes in (["ok", "ok"], ["UserError", "ok"])
    assert fresh(db.select(Pairing.status).filter_by(id=pairing.id)).scalar() == "stopped"


def test_a_stop_and_a_completion_at_once_end_the_pairing_once(app, duo, monkeypatch):
    pairing = _proposed(duo)
    pairing.status = "active"
    db.session.commit()
    ids = (pairing.id, duo["coordinator"].id)
    slow_down(monkeypatch, services, "record")

    def stop():
        services.stop(db.session.get(Pairing, ids[0]), db.session.get(User, ids[1]), "Fin")

    def complete():
        services.complete(db.session.get(Pairing, ids[0]), db.session.get(User, ids[1]))

    outcomes = race(app, [stop, complete])

    assert sorted(outcomes) == ["UserError", "ok"]
    endings = fresh(
        db.select(db.func.count(PairingTransition.id)).where(
            PairingTransition.pairing_id == pairing.id,
            PairingTransition.to_status.in_(("stopped", "completed")),
        )
    ).scalar()
    assert endings == 1


def test_a_pair_rejected_twice_at_once_is_rejected_once(app, duo):
    ids = (duo["coordinator"].id, duo["mentee"].id, duo["mentor"].id)

    def reject():
        services.reject_pair(
            db.session.get(User, ids[0]),
            db.session.get(Organisation, ids[1]),
            db.session.get(Organisation, ids[2]),
            "Trop loin",
        )

    outcomes = race(app, [reject, reject])

    assert set(outcomes) <= {"ok", "IntegrityError"} and "ok" in outcomes
    assert len(fresh(db.select(PairRejection.id)).all()) == 1


def test_a_rejection_lifted_twice_at_once_is_lifted_once(app, duo, monkeypatch):
    rejection = services.reject_pair(duo["coordinator"], duo["mentee"], duo["mentor"], "Loin")
    db.session.commit()
    ids = (duo["coordinator"].id, rejection.id)
    slow_down(monkeypatch, services, "record")

    def lift():
        services.lift_rejection(db.session.get(User, ids[0]), db.session.get(PairRejection, ids[1]))

    assert race(app, [lift, lift]) == ["ok", "ok"]
    lifted = fresh(
        db.select(db.func.count(AuditEntry.id)).where(AuditEntry.action == "pair.reject_lifted")
    ).scalar()
    assert lifted == 1
