"""Real concurrent transactions on PostgreSQL: accounts and organisations. Someone stays
able to coordinate, an address is invited once, an archive is recorded once; no 500."""

import entraide.organisations.services as organisation_services
import entraide.privacy.services as privacy_services
import entraide.users.services as user_services
from entraide.core.extensions import db
from entraide.models import AuditEntry, User
from tests.concurrency import (
    fresh,
    logged_in_client,
    postgres_only,
    race,
    race_requests,
    slow_down,
)
from tests.web.helpers import text_of

pytestmark = postgres_only


def _active_coordinators(in_db) -> int:
    with in_db():
        return fresh(
            db.select(db.func.count(User.id)).filter_by(role="coordinator", active=True)
        ).scalar()


def _audited(in_db, action: str) -> int:
    with in_db():
        return fresh(
            db.select(db.func.count(AuditEntry.id)).where(AuditEntry.action == action)
        ).scalar()


def test_two_coordinators_deactivating_each_other_at_once_leave_one(app, make, in_db, monkeypatch):
    first, second = make.coordinator(), make.coordinator()
    slow_down(monkeypatch, user_services, "record")
    clients = {user.id: logged_in_client(app, user) for user in (first, second)}

    responses = race_requests(
        [
            lambda: clients[first.id].post(f"/utilisateurs/{second.id}/activation"),
            lambda: clients[second.id].post(f"/utilisateurs/{first.id}/activation"),
        ]
    )

    assert sorted(r.status_code for r in responses) == [302, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert "Votre compte vient d'être désactivé" in text_of(refused)
    assert _active_coordinators(in_db) == 1


def test_the_last_two_coordinators_erased_at_once_leave_one(app, make, in_db, monkeypatch):
    ids = (make.coordinator().id, make.coordinator().id)
    slow_down(monkeypatch, privacy_services, "record")

    def erase(user_id):
        def job():
            privacy_services.erase_person(db.session.get(User, user_id))

        return job

    assert sorted(race(app, [erase(ids[0]), erase(ids[1])])) == ["UserError", "ok"]
    assert _active_coordinators(in_db) == 1


def test_one_address_invited_twice_at_once_is_one_account(app, make, in_db, monkeypatch):
    coordinator = make.coordinator()
    org = make.organisation("SCIC Alpha")
    slow_down(monkeypatch, user_services, "record")
    clients = [logged_in_client(app, coordinator) for _ in range(2)]
    data = {"email": "nouvelle@exemple.fr", "role": "member", "organisation_id": org.id}

    url = "/utilisateurs/inviter"

    responses = race_requests([lambda c=c: c.post(url, data=data) for c in clients])

    # The second waits on the unique address, then is refused at its commit.
    assert sorted(r.status_code for r in responses) == [200, 409]
    with in_db():
        accounts = fresh(db.select(User.id).filter_by(email="nouvelle@exemple.fr")).all()
    assert len(accounts) == 1


def test_an_organisation_archived_twice_at_once_is_archived_once(app, make, in_db, monkeypatch):
    coordinator = make.coordinator()
    org = make.organisation("SCIC Alpha")
    slow_down(monkeypatch, organisation_services, "record")
    clients = [logged_in_client(app, coordinator) for _ in range(2)]
    url = f"/organisations/{org.id}/archiver"

    responses = race_requests([lambda c=c: c.post(url) for c in clients])

    assert [r.status_code for r in responses] == [302, 302]
    assert _audited(in_db, "organisation.archive") == 1
