"""Help requests: posting notifies the best-placed SCICs, answers, closing, access."""

import html

import pytest

from entraide.core.extensions import db
from entraide.help_requests import services
from entraide.models import AuditEntry, HelpAnswer, HelpNotification, HelpRequest
from tests.mails import send_outbox

GOOD = {
    "theme": "difficultes",
    "title": "Trésorerie à sec avant fin du mois",
    "text": "Un gros client paie en retard : comment tenir trois semaines ?",
}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _post(client, **changes):
    return client.post("/entraide/nouveau", data={**GOOD, **changes})


@pytest.fixture
def posted(app, network, client, login_as, app_ctx):
    """A request posted through the web by the young SCIC (emails go to the log)."""
    login_as(network["requester_user"])
    assert _post(client).status_code == 302
    assert send_outbox(app).sent == 2  # no MAIL_SERVER yet: written to the log
    return db.session.execute(db.select(HelpRequest)).scalar_one()


def test_posting_notifies_the_best_placed_and_emails_them(
    app, network, client, login_as, app_ctx, mailbox
):
    login_as(network["requester_user"])
    assert client.get("/entraide/nouveau").status_code == 200
    response = _post(client)
    assert response.status_code == 302
    assert mailbox == []  # queued with the request: the outbox worker sends them
    assert send_outbox(app).sent == 2
    item = db.session.execute(db.select(HelpRequest)).scalar_one()
    assert response.headers["Location"].endswith(f"/entraide/{item.id}")
    assert item.status == "open" and item.organisation_id == network["requester"].id
    assert item.created_by_id == network["requester_user"].id
    notified = {n.organisation_id for n in item.notifications}
    # Offering the theme, any age; not the requester, not the other theme.
    assert notified == {network["near"].id, network["middle"].id, network["far"].id}
    recipients = sorted(m["To"] for m in mailbox)
    assert recipients == ["arras@exemple.fr", "voisine@exemple.fr"]  # Calais has no address
    message = mailbox[0]
    assert message["Subject"] == "Appel à l'entraide de Jeune Coop"
    body = message.get_content()
    assert "Trésorerie à sec" in body and f"http://entraide.test/entraide/{item.id}" in body
    # Each organisation is told why it was chosen, and the reason is kept with the score.
    near = next(n for n in item.notifications if n.organisation_id == network["near"].id)
    assert near.reason.startswith("Propose son aide sur « Traverser une difficulté")
    assert 0 < near.score <= 1
    to_near = next(m for m in mailbox if m["To"] == "voisine@exemple.fr")
    assert f"Ce qui vous désigne : {near.reason}" in to_near.get_content()
    entry = db.session.execute(
        db.select(AuditEntry).filter_by(action="help_request.create")
    ).scalar_one()
    assert [n["organisation_id"] for n in entry.after["notified"]][0] == network["near"].id
    page = _text(client.get(f"/entraide/{item.id}"))
    assert "Qui a été prévenu" in page and "Voisine" in page
    assert near.reason in page


def test_nobody_offers_the_theme(network, client, login_as, app_ctx):
    login_as(network["requester_user"])
    response = client.post(
        "/entraide/nouveau", data={**GOOD, "theme": "lieu"}, follow_redirects=True
    )
    assert "Aucune autre organisation ne propose" in _text(response)
    assert _count(HelpNotification) == 0 and _count(HelpRequest) == 1


def test_at_most_five_are_notified(network, make, app_ctx):
    for i in range(6):
        extra = make.organisation(f"Renfort {i}", commune_insee="62041")
        make.offer(extra, "difficultes", "Trésorerie")
    item = services.post_request(None, network["requester"], **GOOD)
    db.session.commit()
    assert len(item.notifications) == 5


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"theme": ""}, "Choisissez un thème."),
        ({"theme": "astrologie"}, "choix"),
        ({"title": "   "}, "Donnez un titre à la demande."),
        ({"title": "x" * 201}, "200 caractères au plus."),
        ({"text": ""}, "Décrivez la demande."),
    ],
)
def test_bad_input_writes_nothing(network, client, login_as, app_ctx, changes, message):
    login_as(network["requester_user"])
    response = _post(client, **changes)
    assert response.status_code == 422
    assert message in _text(response)
    assert _count(HelpRequest) == 0 and _count(HelpNotification) == 0


def test_archived_organisation_cannot_post(network, client, login_as, app_ctx):
    from entraide.organisations.services import archive_organisation

    archive_organisation(db.session.get(type(network["requester"]), network["requester"].id), None)
    db.session.commit()
    login_as(network["requester_user"])
    assert _post(client).status_code == 409
    assert _count(HelpRequest) == 0


def test_only_members_post(network, client, login_as):
    login_as(network["coordinator"])
    assert client.get("/entraide/nouveau").status_code == 403
    login_as(network["viewer"])
    assert _post(client).status_code == 403
    client.post("/deconnexion")
    assert client.get("/entraide/nouveau").status_code == 302


def test_notified_and_other_members_answer_the_requester_sees_all(
    app, posted, network, client, login_as, app_ctx, mailbox
):
    login_as(network["near_user"])
    page = _text(client.get(f"/entraide/{posted.id}"))
    assert "Proposer votre aide" in page
    assert (
        client.post(
            f"/entraide/{posted.id}/reponses", data={"message": "Passez nous voir jeudi"}
        ).status_code
        == 302
    )
    # A member whose organisation was not notified may answer too.
    login_as(network["other_user"])
    assert (
        client.post(
            f"/entraide/{posted.id}/reponses", data={"message": "Nous connaissons un expert"}
        ).status_code
        == 302
    )
    # Each answering organisation sees its own answer only.
    page = _text(client.get(f"/entraide/{posted.id}"))
    assert "Nous connaissons un expert" in page and "Passez nous voir jeudi" not in page
    answers = db.session.execute(db.select(HelpAnswer).order_by(HelpAnswer.id)).scalars().all()
    assert [a.organisation_id for a in answers] == [network["near"].id, network["other_theme"].id]
    assert send_outbox(app).sent == 2
    assert [m["To"] for m in mailbox] == ["demande@exemple.fr"] * 2
    assert "Passez nous voir jeudi" in mailbox[0].get_content()
    login_as(network["requester_user"])
    page = _text(client.get(f"/entraide/{posted.id}"))
    assert "Passez nous voir jeudi" in page and "Nous connaissons un expert" in page
    assert "Proposer votre aide" not in page
    login_as(network["coordinator"])
    follow = _text(client.get("/entraide/suivi"))
    assert posted.title in follow and "Passez nous voir jeudi" in follow


def test_answer_refusals(posted, network, client, login_as, app_ctx):
    login_as(network["requester_user"])
    own = client.post(f"/entraide/{posted.id}/reponses", data={"message": "Moi-même"})
    assert own.status_code == 409 and "propre appel" in _text(own)
    login_as(network["near_user"])
    empty = client.post(f"/entraide/{posted.id}/reponses", data={"message": "  "})
    assert empty.status_code == 422 and "Écrivez votre réponse." in _text(empty)
    assert client.post("/entraide/9999/reponses", data={"message": "?"}).status_code == 404
    login_as(network["coordinator"])
    assert (
        client.post(f"/entraide/{posted.id}/reponses", data={"message": "Coordination"}).status_code
        == 403
    )
    assert _count(HelpAnswer) == 0


def test_requester_closes_with_outcome(posted, network, client, login_as, app_ctx):
    login_as(network["near_user"])
    assert client.post(f"/entraide/{posted.id}/clore", data={"solved": "yes"}).status_code == 403
    login_as(network["requester_user"])
    assert client.post(f"/entraide/{posted.id}/clore", data={}).status_code == 422
    response = client.post(
        f"/entraide/{posted.id}/clore", data={"solved": "yes", "note": "Voisine nous a sauvés"}
    )
    assert response.status_code == 302
    db.session.refresh(posted)
    assert posted.status == "closed" and posted.solved is True
    assert posted.closing_note == "Voisine nous a sauvés" and posted.closed_at is not None
    again = client.post(f"/entraide/{posted.id}/clore", data={"solved": "no"})
    assert again.status_code == 409 and "déjà clos" in _text(again)
    login_as(network["near_user"])
    late = client.post(f"/entraide/{posted.id}/reponses", data={"message": "Trop tard ?"})
    assert late.status_code == 409 and "clos" in _text(late)
    entry = db.session.execute(
        db.select(AuditEntry).filter_by(action="help_request.close")
    ).scalar_one()
    assert entry.after["solved"] is True and entry.actor_id == network["requester_user"].id


def test_coordinator_closes_as_not_solved_and_filters(posted, network, client, login_as, app_ctx):
    login_as(network["coordinator"])
    assert client.get("/entraide").status_code == 302  # to the follow-up page
    assert posted.title in _text(client.get("/entraide/suivi"))
    assert client.post(f"/entraide/{posted.id}/clore", data={"solved": "no"}).status_code == 302
    db.session.refresh(posted)
    assert posted.status == "closed" and posted.solved is False and posted.closing_note is None
    assert posted.title not in _text(client.get("/entraide/suivi"))
    assert posted.title in _text(client.get("/entraide/suivi?status=closed"))
    assert posted.title in _text(client.get("/entraide/suivi?status=all"))
    assert client.get("/entraide/suivi?status=nimporte").status_code == 422


def test_access_by_role(posted, network, client, login_as):
    url = f"/entraide/{posted.id}"
    client.post("/deconnexion")
    assert "/connexion" in client.get(url).headers["Location"]
    login_as(network["viewer"])
    assert client.get(url).status_code == 403
    assert client.get("/entraide").status_code == 403
    assert client.get("/entraide/suivi").status_code == 403
    login_as(network["other_user"])
    assert client.get(url).status_code == 200
    assert client.get("/entraide/suivi").status_code == 403
    index = _text(client.get("/entraide"))
    assert posted.title in index  # among the network's open calls
    login_as(network["near_user"])
    index = _text(client.get("/entraide"))
    assert "On compte sur vous" in index and posted.title in index
    assert client.get("/entraide/12345").status_code == 404
