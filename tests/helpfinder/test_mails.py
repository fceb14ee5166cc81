"""Mails of the sponsorship requests: the coordination is told of each request, the
requesting organisation of the refusal (with the reason) or of the validation; a refused
action queues nothing."""

import re

import pytest

from entraide.core.extensions import db
from entraide.models import SponsorRequest
from entraide.pairings import services as pairings
from entraide.pairings import sponsor_requests
from entraide.text import format_date

BASE = "http://entraide.test"
MESSAGE = "Notre première AG approche : un regard extérieur nous aiderait."


@pytest.fixture
def people(network, make):
    """A second coordinator, and a second member of the young SCIC and of the sponsor."""
    return {
        "coordinator_2": make.coordinator(email="coordination-2@exemple.fr"),
        "young_2": make.member(network["young"], email="tresorier@jeune-pousse.fr"),
        "far_2": make.member(network["far"], email="gerante@chene-lointain.fr"),
    }


def _ask(client, network, need="governance", mentor="far", message=MESSAGE):
    return client.post(
        "/qui-peut-m-aider/demander",
        data={"need_id": network[need].id, "mentor_id": network[mentor].id, "message": message},
    )


def _only_request() -> SponsorRequest:
    db.session.expire_all()
    return db.session.scalars(db.select(SponsorRequest)).one()


def _to(mails, kind) -> dict[str, dict]:
    return {mail["to"]: mail for mail in mails if mail["kind"] == kind}


def _link(mail) -> str:
    return re.search(r"https?://\S+", mail["body"]).group(0)


def test_a_request_tells_every_coordinator(network, people, client, login_as, outbox):
    login_as(network["young_user"])

    _ask(client, network)

    item = _only_request()
    mails = _to(outbox, "sponsor_request_new")
    assert set(mails) == {network["coordinator"].email, people["coordinator_2"].email}
    assert len(outbox) == 2  # nothing to the SCICs: the coordination decides first
    mail = mails[people["coordinator_2"].email]
    assert mail["subject"] == "Demande de parrainage : Jeune Pousse demande Chêne Lointain"
    assert (
        "Jeune Pousse demande à être parrainée par Chêne Lointain pour son besoin "
        "« Gouvernance et vie coopérative » :\n\nPréparer notre assemblée générale\n\n"
        f"Le message de Jeune Pousse : {MESSAGE}\n"
    ) in mail["body"]
    assert _link(mail) == f"{BASE}/parrainages/file#demande-{item.id}"
    # The link leads to the request in the queue.
    login_as(network["coordinator"])
    assert f'id="demande-{item.id}"' in client.get("/parrainages/file").get_data(as_text=True)


def test_an_offer_of_help_tells_the_coordination(network, people, client, login_as, outbox):
    login_as(network["oak_user"])
    client.post("/qui-puis-je-aider/proposer", data={"need_id": network["other_need"].id})

    mails = _to(outbox, "sponsor_request_new")
    assert set(mails) == {network["coordinator"].email, people["coordinator_2"].email}
    mail = mails[network["coordinator"].email]
    assert mail["subject"] == "Proposition d'aide : Vieux Chêne propose d'aider Autre Pousse"
    assert "Vieux Chêne propose de parrainer Autre Pousse pour son besoin" in mail["body"]
    assert "Le message de" not in mail["body"]  # sent without a message
    # The "in difficulty" flag of either SCIC never travels.
    assert "difficulté" not in mail["body"]


def test_a_refused_request_queues_no_mail(network, people, client, login_as, outbox):
    login_as(network["young_user"])
    response = _ask(client, network, mentor="no_capacity")
    assert response.status_code == 409
    assert len(outbox) == 0


def test_a_refusal_tells_the_requesting_organisation(network, people, client, login_as, outbox):
    login_as(network["young_user"])
    _ask(client, network)
    item = _only_request()
    login_as(network["coordinator"])
    empty = client.post(f"/parrainages/demandes/{item.id}/refuser", data={"reason": " "})
    assert empty.status_code == 422 and not _to(outbox, "sponsor_request_declined")
    reason = "Calais est trop loin de Lens pour des rencontres mensuelles."

    client.post(f"/parrainages/demandes/{item.id}/refuser", data={"reason": reason})

    mails = _to(outbox, "sponsor_request_declined")
    # Every account of the young SCIC; not the sponsor, which was never asked.
    assert set(mails) == {network["young_user"].email, people["young_2"].email}
    mail = mails[people["young_2"].email]
    assert mail["subject"] == "Votre demande de parrainage par Chêne Lointain n'est pas retenue"
    assert f"envoyée le {format_date(item.created_at)}, et ne l'a pas retenue." in mail["body"]
    assert f"Son motif : {reason}\n" in mail["body"]
    assert _link(mail) == f"{BASE}/qui-peut-m-aider#demandes-titre"


def test_a_refused_offer_tells_the_sponsor_where_to_look_again(
    network, people, client, login_as, outbox
):
    login_as(network["oak_user"])
    client.post("/qui-puis-je-aider/proposer", data={"need_id": network["other_need"].id})
    item = _only_request()

    sponsor_requests.decline(network["coordinator"], item, "Autre Pousse a déjà un appui.")
    db.session.commit()

    (mail,) = _to(outbox, "sponsor_request_declined").values()
    assert mail["to"] == network["oak_user"].email
    assert mail["subject"] == "Votre proposition d'aide à Autre Pousse n'est pas retenue"
    assert "votre proposition d'aider Autre Pousse sur son besoin" in mail["body"]
    assert _link(mail) == f"{BASE}/qui-puis-je-aider#demandes-titre"


def test_a_validation_is_said_in_the_consent_mail(network, people, client, login_as, outbox):
    """The proposal's own mail says so: one mail per person, not two at the same moment."""
    login_as(network["young_user"])
    _ask(client, network)
    item = _only_request()
    login_as(network["coordinator"])

    client.post(
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

    mails = _to(outbox, "pairing_consent_requested")
    young = {network["young_user"].email, people["young_2"].email}
    sponsor = {network["far_user"].email, people["far_2"].email}
    assert set(mails) == young | sponsor
    said = (
        "Cette proposition fait suite à votre demande de parrainage du "
        f"{format_date(item.created_at)}"
    )
    assert all(said in mails[email]["body"] for email in young)
    assert not any("fait suite" in mails[email]["body"] for email in sponsor)
    assert len(outbox) == 2 + 4  # the request's mails to the coordination, then these


def test_another_sponsor_chosen_tells_the_one_that_offered(
    network, people, client, login_as, outbox
):
    login_as(network["far_user"])
    client.post("/qui-puis-je-aider/proposer", data={"need_id": network["governance"].id})
    login_as(network["young_user"])
    _ask(client, network, need="funding", mentor="oak")

    pairings.propose(network["coordinator"], network["young"], network["oak"])
    db.session.commit()

    mails = _to(outbox, "sponsor_request_superseded")
    assert set(mails) == {network["far_user"].email, people["far_2"].email}
    mail = mails[people["far_2"].email]
    assert mail["subject"] == (
        "Votre proposition d'aide à Jeune Pousse : une autre SCIC marraine est proposée"
    )
    assert "reste donc sans suite. Merci de l'avoir faite !" in mail["body"]
    assert _link(mail) == f"{BASE}/qui-puis-je-aider#demandes-titre"
    # The young SCIC's own requests are answered by the proposal itself.
    assert len(outbox) == 2 * 2 + 2  # two requests to two coordinators, then these
