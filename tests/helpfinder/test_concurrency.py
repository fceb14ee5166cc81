"""Real concurrent transactions on PostgreSQL: one open request per pair, a request
withdrawn while the coordination validates, and the network's version under load."""

import entraide.pairings.sponsor_requests as sponsor_requests
from entraide.core.extensions import db
from entraide.declarations.services import update_offer
from entraide.models import Offer, Organisation, SponsorRequest, User
from entraide.models.network_version import current_token
from entraide.pairings import services as pairings
from tests.concurrency import fresh, logged_in_client, postgres_only, race, race_requests, slow_down
from tests.web.helpers import text_of

pytestmark = postgres_only


def test_the_same_request_sent_twice_at_once_is_written_once(app, network, monkeypatch):
    slow_down(monkeypatch, sponsor_requests, "record")
    young, oak = network["young_user"], network["oak_user"]
    clients = [logged_in_client(app, young), logged_in_client(app, oak)]
    need_id, mentor_id = network["governance"].id, network["oak"].id

    responses = race_requests(
        [
            lambda: clients[0].post(
                "/qui-peut-m-aider/demander", data={"need_id": need_id, "mentor_id": mentor_id}
            ),
            lambda: clients[1].post("/qui-puis-je-aider/proposer", data={"need_id": need_id}),
        ]
    )

    assert sorted(r.status_code for r in responses) == [302, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert "au même moment" in text_of(refused) or "attend déjà" in text_of(refused)
    with app.app_context():
        assert fresh(db.select(db.func.count(SponsorRequest.id))).scalar() == 1
        db.session.remove()


def test_a_request_withdrawn_while_validated_is_not_both(app, network, monkeypatch):
    with app.app_context():
        item = sponsor_requests.ask(
            db.session.get(User, network["young_user"].id),
            network["governance"].id,
            network["far"].id,
        )
        db.session.commit()
        ids = (item.id, network["coordinator"].id, network["young"].id, network["far"].id)
        db.session.remove()

    def validate():
        actor = db.session.get(User, ids[1])
        pairings.propose(
            actor, db.session.get(Organisation, ids[2]), db.session.get(Organisation, ids[3])
        )

    def withdraw():
        sponsor_requests.withdraw(None, db.session.get(SponsorRequest, ids[0]))

    outcomes = race(app, [validate, withdraw])

    with app.app_context():
        status = fresh(db.select(SponsorRequest.status).filter_by(id=ids[0])).scalar()
        db.session.remove()
    # Withdrawn first: the proposal leaves it alone. Accepted first: too late to withdraw.
    assert (outcomes, status) in ((["ok", "ok"], "withdrawn"), (["ok", "UserError"], "accepted"))


def test_every_concurrent_change_gets_a_new_version(app, network):
    offer_ids = [offer.id for offer in network["oak"].offers]
    with app.app_context():
        before = current_token()
        db.session.remove()

    def edit(offer_id):
        def job():
            offer = db.session.get(Offer, offer_id)
            update_offer(offer, None, offer.theme_code, f"Texte {offer_id}")

        return job

    assert race(app, [edit(offer_id) for offer_id in offer_ids]) == ["ok"] * len(offer_ids)
    with app.app_context():
        assert current_token() != before
        db.session.remove()
