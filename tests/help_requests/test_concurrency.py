"""Real concurrent transactions on PostgreSQL: no answer lands after its request closed,
a request is closed once, and nobody gets a 500."""

import entraide.help_requests.services as services
from entraide.core.extensions import db
from entraide.models import AuditEntry, HelpAnswer, HelpRequest
from tests.concurrency import fresh, logged_in_client, postgres_only, race_requests, slow_down
from tests.web.helpers import text_of

pytestmark = postgres_only


def _posted(make):
    requester = make.member(make.organisation("Coop en Difficulté"))
    helper = make.member(make.organisation("Coop Solide"))
    request = services.post_request(
        requester, requester.organisation, "gouvernance", "Notre AG", "Comment la préparer ?"
    )
    db.session.commit()
    return request, requester, helper


def test_no_answer_lands_after_the_request_closed(app, make, monkeypatch):
    request, requester, helper = _posted(make)
    # The answer is written a moment after its check (closing is quick).
    slow_down(monkeypatch, services, "HelpAnswer")
    answering = logged_in_client(app, helper)
    closing = logged_in_client(app, requester)
    url = f"/entraide/{request.id}"

    responses = race_requests(
        [
            lambda: answering.post(f"{url}/reponses", data={"message": "Nous pouvons aider"}),
            lambda: closing.post(f"{url}/clore", data={"solved": "no", "note": ""}),
        ]
    )

    assert responses[1].status_code == 302 and responses[0].status_code in (302, 409)
    closed_at = fresh(db.select(HelpRequest.closed_at).filter_by(id=request.id)).scalar()
    answered = fresh(db.select(HelpAnswer.created_at).filter_by(request_id=request.id))
    assert all(created_at <= closed_at for created_at in answered.scalars())


def test_a_request_closed_twice_at_once_is_closed_once(app, make, monkeypatch):
    request, requester, _helper = _posted(make)
    coordinator = make.coordinator()
    slow_down(monkeypatch, services, "record")
    clients = [logged_in_client(app, user) for user in (requester, coordinator)]
    url = f"/entraide/{request.id}/clore"

    responses = race_requests(
        [lambda c=c: c.post(url, data={"solved": "yes", "note": ""}) for c in clients]
    )

    assert sorted(r.status_code for r in responses) == [302, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert "Cet appel à l'entraide est déjà clos." in text_of(refused)
    closes = fresh(
        db.select(db.func.count(AuditEntry.id)).where(AuditEntry.action == "help_request.close")
    ).scalar()
    assert closes == 1
