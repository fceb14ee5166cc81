"""« Demander ce parrainage » and « Proposer mon aide »: up to the queue, the coordination's
validation or refusal, the requester's withdrawal; bad input writes nothing."""

import pytest
from sqlalchemy.exc import IntegrityError

from entraide.core.extensions import db
from entraide.declarations.services import close_need, withdraw_offer
from entraide.models import AuditEntry, Pairing, SponsorRequest
from entraide.pairings import services as pairings
from tests.web.helpers import text_of

MESSAGE = "Notre première AG approche : un regard extérieur nous aiderait."


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _ask(client, need, mentor, message=MESSAGE):
    return client.post(
        "/qui-peut-m-aider/demander",
        data={"need_id": need.id, "mentor_id": mentor.id, "message": message},
    )


def _requests():
    db.session.expire_all()
    return db.session.execute(db.select(SponsorRequest).order_by(SponsorRequest.id)).scalars().all()


def test_a_request_reaches_the_queue_and_stands_out(network, client, login_as, app_ctx):
    login_as(network["young_user"])
    response = _ask(client, network["governance"], network["far"])

    assert response.status_code == 302
    (item,) = _requests()
    assert (item.kind, item.status, item.message) == ("ask", "open", MESSAGE)
    assert 0 < item.score <= 1  # the engine's score of the pair, kept for the coordination
    assert (item.mentee_id, item.mentor_id, item.requester_id) == (
        network["young"].id,
        network["far"].id,
        network["young"].id,
    )
    page = text_of(client.get("/qui-peut-m-aider"))
    assert "Demande envoyée le" in page and "En attente de la coordination" in page
    assert page.count("Demander ce parrainage") == 2  # not twice for the same pair

    login_as(network["coordinator"])
    queue = text_of(client.get("/parrainages/file"))
    # First in the page, with a badge and the message.
    assert queue.index("Demandes des SCIC") < queue.index("Suggestions pour chaque jeune SCIC")
    assert "1 en attente" in queue and "Demande de parrainage</span>" in queue
    assert MESSAGE in queue and "Score du moteur de rapprochement" in queue
    validate = f"/parrainages/nouveau?mentee={item.mentee_id}&mentor={item.mentor_id}"
    assert f"{validate}&demande={item.id}" in queue
    # Its young SCIC comes first among the suggestions, the requested sponsor marked.
    suggestions = queue.split("Suggestions pour chaque jeune SCIC")[1]
    assert suggestions.index("Jeune Pousse") < suggestions.index("Autre Pousse")
    assert '<span class="badge badge-request">demandé</span>' in suggestions


def test_the_queue_names_the_person_who_sent_the_request(network, client, login_as, app_ctx):
    network["young_user"].name = "Yasmine Jeune"
    db.session.commit()
    login_as(network["young_user"])
    _ask(client, network["governance"], network["far"])
    (item,) = _requests()

    login_as(network["coordinator"])
    queue = text_of(client.get("/parrainages/file"))
    assert "Envoyée par Yasmine Jeune (Jeune Pousse) le" in queue
    assert "— Yasmine Jeune (Jeune Pousse)</footer>" in queue
    form = f"/parrainages/nouveau?mentee={item.mentee_id}&mentor={item.mentor_id}&demande={item.id}"
    assert "de Yasmine Jeune (Jeune Pousse), le" in text_of(client.get(form))
    # Without a name (an erased person, an account never named): its SCIC alone.
    network["young_user"].name = ""
    db.session.commit()
    assert "Envoyée par Jeune Pousse le" in text_of(client.get("/parrainages/file"))


def test_the_coordination_validates_then_both_consent(network, client, login_as, app_ctx):
    login_as(network["young_user"])
    _ask(client, network["governance"], network["far"])
    (item,) = _requests()
    login_as(network["coordinator"])

    form = text_of(
        client.get(
            f"/parrainages/nouveau?mentee={item.mentee_id}&mentor={item.mentor_id}"
            f"&demande={item.id}"
        )
    )
    assert MESSAGE in form  # the request's message is shown
    assert "Gouvernance et vie coopérative : Préparer notre assemblée générale" in form
    assert f'value="{network["governance"].id}" checked' in form
    assert f'value="{network["funding"].id}" checked' not in form

    response = client.post(
        f"/parrainages/nouveau?demande={item.id}",
        data={
            "mentee_id": item.mentee_id,
            "mentor_id": item.mentor_id,
            "need_ids": [network["governance"].id],
            "objectives": "Préparer l'AG",
            "planned_months": 12,
            "rhythm_days": 30,
        },
    )
    assert response.status_code == 302
    (item,) = _requests()
    pairing = db.session.get(Pairing, item.pairing_id)
    assert item.status == "accepted" and item.decided_by_id == network["coordinator"].id
    # The sponsor still consents: nothing starts before both answers.
    assert pairing.status == "awaiting_consent" and pairing.mentor_consent is None
    assert "Demandes des SCIC" not in text_of(client.get("/parrainages/file"))
    login_as(network["young_user"])
    page = text_of(client.get("/qui-peut-m-aider"))
    assert "Proposée aux deux SCIC" in page and f"/parrainages/{pairing.id}" in page
    assert "Voir le parrainage proposé</a> : votre accord est attendu." in page
    # Once it answered, the request says where the pairing stands, not what it was.
    for side, state in (("mentee", "en attente d'accord"), ("mentor", "actif")):
        pairings.answer(pairing, None, side, True, None)
        db.session.commit()
        page = text_of(client.get("/qui-peut-m-aider"))
        assert "votre accord est attendu" not in page
        assert f"Voir le parrainage</a> ({state})." in page


def test_a_proposal_settles_the_other_requests_of_the_young_scic(
    network, client, login_as, app_ctx
):
    login_as(network["young_user"])
    _ask(client, network["governance"], network["far"])
    _ask(client, network["funding"], network["oak"])

    pairings.propose(network["coordinator"], network["young"], network["oak"])
    db.session.commit()

    statuses = {item.mentor_id: item.status for item in _requests()}
    assert statuses == {network["far"].id: "superseded", network["oak"].id: "accepted"}
    actions = db.session.execute(
        db.select(AuditEntry.action).where(AuditEntry.object_type == "SponsorRequest")
    ).scalars()
    assert sorted(actions) == [
        "sponsor_request.accept",
        "sponsor_request.create",
        "sponsor_request.create",
        "sponsor_request.supersede",
    ]


def test_the_coordination_declines_with_a_reason_the_requester_reads(
    network, client, login_as, app_ctx
):
    login_as(network["young_user"])
    _ask(client, network["governance"], network["far"])
    (item,) = _requests()
    login_as(network["coordinator"])

    empty = client.post(f"/parrainages/demandes/{item.id}/refuser", data={"reason": "  "})
    assert empty.status_code == 422 and "Indiquez le motif du refus." in text_of(empty)
    assert _requests()[0].status == "open"
    reason = "Calais est trop loin de Lens pour des rencontres mensuelles."
    response = client.post(f"/parrainages/demandes/{item.id}/refuser", data={"reason": reason})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/parrainages/file"
    )
    again = client.post(f"/parrainages/demandes/{item.id}/refuser", data={"reason": reason})
    assert again.status_code == 409 and "déjà reçu une réponse" in text_of(again)

    (item,) = _requests()
    assert (item.status, item.decline_reason) == ("declined", reason)
    login_as(network["young_user"])
    page = text_of(client.get("/qui-peut-m-aider"))
    assert "Refusée par la coordination" in page and reason in page
    # It may be asked again (one open request at a time).
    assert _ask(client, network["governance"], network["far"]).status_code == 302


def test_an_experienced_scic_offers_its_help(network, client, login_as, app_ctx):
    login_as(network["oak_user"])
    response = client.post(
        "/qui-puis-je-aider/proposer",
        data={"need_id": network["other_need"].id, "message": "Nous passons à Arras le mardi."},
    )
    assert response.status_code == 302
    (item,) = _requests()
    assert (item.kind, item.mentee_id, item.mentor_id, item.requester_id) == (
        "offer",
        network["other"].id,
        network["oak"].id,
        network["oak"].id,
    )
    assert "Proposition envoyée le" in text_of(client.get("/qui-puis-je-aider"))
    # The young SCIC asking for the same pair is told it already waits, not refused later.
    login_as(network["other_user"])
    page = text_of(client.get("/qui-peut-m-aider"))
    assert "Une demande pour ce binôme attend déjà la coordination." in page
    login_as(network["coordinator"])
    queue = text_of(client.get("/parrainages/file"))
    assert "Proposition d'aide</span>" in queue and "Nous passons à Arras le mardi." in queue


def test_the_requester_withdraws_its_request(network, client, login_as, app_ctx):
    login_as(network["young_user"])
    _ask(client, network["governance"], network["far"])
    (item,) = _requests()
    login_as(network["other_user"])
    assert client.post(f"/demandes-de-parrainage/{item.id}/retirer").status_code == 404
    login_as(network["young_user"])

    assert client.post(f"/demandes-de-parrainage/{item.id}/retirer").status_code == 302
    again = client.post(f"/demandes-de-parrainage/{item.id}/retirer")

    assert again.status_code == 409 and "ne peut plus être retirée" in text_of(again)
    assert _requests()[0].status == "withdrawn"
    login_as(network["coordinator"])
    assert "Demandes des SCIC" not in text_of(client.get("/parrainages/file"))


def _refused(response, status, message):
    assert response.status_code == status, text_of(response)
    assert message in text_of(response), text_of(response)


@pytest.mark.parametrize(
    "sponsor, status, message",
    [
        ("not_opted_in", 409, "n'accepte pas d'être proposée comme SCIC marraine"),
        ("no_capacity", 409, "ne parraine pas (capacité de parrainage 0)"),
        ("archived", 409, "est archivée : elle ne parraine plus"),
        ("young_sponsor", 422, "est une jeune SCIC : elle ne peut pas être marraine"),
        ("other_theme", 422, "ne propose pas d'aide sur le thème « Gouvernance"),
    ],
)
def test_a_sponsor_that_cannot_sponsor_is_refused(
    network, client, login_as, app_ctx, sponsor, status, message
):
    login_as(network["young_user"])
    before = _count(AuditEntry)

    _refused(_ask(client, network["governance"], network[sponsor]), status, message)

    assert _count(SponsorRequest) == 0 and _count(AuditEntry) == before


def test_bad_requests_write_nothing(network, client, login_as, app_ctx):
    login_as(network["young_user"])
    url = "/qui-peut-m-aider/demander"
    governance, far = network["governance"], network["far"]
    _ask(client, governance, far)
    before = (_count(SponsorRequest), _count(AuditEntry))

    _refused(_ask(client, governance, far), 409, "attend déjà la coordination")
    _refused(
        _ask(client, network["other_need"], far), 422, "n'est pas un besoin de votre organisation"
    )
    _refused(
        client.post(url, data={"need_id": 999999, "mentor_id": far.id}), 422, "Besoin inconnu."
    )
    _refused(
        client.post(url, data={"need_id": governance.id, "mentor_id": 999999}),
        422,
        "SCIC marraine inconnue.",
    )
    _refused(client.post(url, data={"need_id": "abc", "mentor_id": far.id}), 422, "Besoin inconnu.")
    _refused(client.post(url, data={"mentor_id": far.id}), 422, "Besoin inconnu.")
    _refused(client.post(url, data={"need_id": 2**40, "mentor_id": far.id}), 422, "Besoin inconnu.")
    _refused(
        _ask(client, network["funding"], network["oak"], message="x" * 1001),
        422,
        "1 000 caractères au plus.",
    )
    close_need(network["funding"], None, "met")
    db.session.commit()
    _refused(_ask(client, network["funding"], network["oak"]), 409, "n'est plus ouvert")
    pairings.reject_pair(network["coordinator"], network["young"], network["oak"], "Non")
    db.session.commit()
    _refused(_ask(client, governance, network["oak"]), 409, "La coordination a écarté ce binôme")
    # Its sponsor's last place taken by someone else meanwhile.
    pairings.propose(network["coordinator"], network["other"], far)
    db.session.commit()
    _refused(_ask(client, network["governance"], far), 409, "n'a plus de place")

    assert (_count(SponsorRequest), _count(AuditEntry)) == (before[0], before[1] + 4)


def test_bad_offers_write_nothing(network, client, login_as, make, app_ctx):
    url = "/qui-puis-je-aider/proposer"
    login_as(network["young_user"])  # a young SCIC cannot sponsor
    _refused(client.post(url, data={"need_id": network["other_need"].id}), 422, "jeune SCIC")
    login_as(make.member(network["not_opted_in"]))
    _refused(
        client.post(url, data={"need_id": network["other_need"].id}),
        409,
        "n'accepte pas d'être proposée",
    )
    login_as(network["far_user"])
    _refused(
        client.post(url, data={"need_id": network["funding"].id}), 422, "ne propose pas d'aide"
    )
    pairings.propose(network["coordinator"], network["other"], network["oak"])
    db.session.commit()
    _refused(
        client.post(url, data={"need_id": network["other_need"].id}),
        409,
        "a déjà un parrainage en cours ou proposé",
    )
    withdraw_offer(network["far"].offers[0], None)
    db.session.commit()
    _refused(client.post(url, data={"need_id": network["governance"].id}), 422, "ne propose pas")
    assert _count(SponsorRequest) == 0


def test_roles_other_than_members_cannot_send_requests(network, client, login_as, app_ctx):
    login_as(network["coordinator"])
    assert _ask(client, network["governance"], network["far"]).status_code == 403
    assert client.get("/qui-peut-m-aider").status_code == 403
    assert _count(SponsorRequest) == 0


def test_one_open_request_per_need_and_sponsor_is_a_database_rule(network, app_ctx):
    def row(status="open", requester=None):
        return SponsorRequest(
            kind="ask",
            status=status,
            need_id=network["governance"].id,
            mentee_id=network["young"].id,
            mentor_id=network["far"].id,
            requester_id=(requester or network["young"]).id,
            message="",
        )

    db.session.add_all([row("declined"), row("withdrawn"), row()])
    db.session.commit()
    db.session.add(row(requester=network["far"]))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def _validate(client, item, need):
    return client.post(
        f"/parrainages/nouveau?demande={item.id}",
        data={
            "mentee_id": item.mentee_id,
            "mentor_id": item.mentor_id,
            "need_ids": [need.id],
            "objectives": "Préparer l'AG",
            "planned_months": 12,
            "rhythm_days": 30,
        },
    )


def test_each_side_reads_who_asked_for_the_pairing(network, client, login_as, app_ctx):
    """« À faire » tells a proposal the young SCIC asked for from one the coordination
    made up: each side reads the request from its own point of view."""
    login_as(network["young_user"])
    _ask(client, network["governance"], network["far"])
    (item,) = _requests()
    login_as(network["coordinator"])
    assert _validate(client, item, network["governance"]).status_code == 302

    login_as(network["young_user"])
    assert (
        "SCIC marraine que vous avez demandée, proposition validée par la coordination : "
        "acceptez ou déclinez" in text_of(client.get("/"))
    )
    login_as(network["far_user"])
    home = text_of(client.get("/"))
    assert "SCIC filleule qui a demandé votre parrainage, proposition validée" in home
    assert "proposée par la coordination" not in home


def test_an_offer_of_help_reads_as_such_on_both_sides(network, client, login_as, app_ctx):
    login_as(network["oak_user"])
    client.post("/qui-puis-je-aider/proposer", data={"need_id": network["other_need"].id})
    (item,) = _requests()
    login_as(network["coordinator"])
    assert _validate(client, item, network["other_need"]).status_code == 302

    login_as(network["oak_user"])
    assert "SCIC filleule que vous avez proposé d'aider" in text_of(client.get("/"))
    login_as(network["other_user"])
    assert "SCIC marraine qui a proposé de vous aider" in text_of(client.get("/"))
