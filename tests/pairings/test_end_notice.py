"""A refused, withdrawn or stopped pairing says so to both SCICs, with the reason the
coordination chose to show; the internal reason and the SCICs' answer messages stay with
the coordination."""

import html

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry, Pairing
from entraide.pairings import services
from tests.web.helpers import use_cheap_password_hashing

INTERNAL = "Note interne : la marraine traverse une passe difficile"
VISIBLE = "La marraine n'a plus de place cette année."


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


def _page(client, pairing_id) -> str:
    return html.unescape(client.get(f"/parrainages/{pairing_id}").get_data(as_text=True))


@pytest.fixture
def proposal(duo, app_ctx):
    pairing = services.propose(duo["coordinator"], duo["mentee"], duo["mentor"])
    db.session.commit()
    return pairing


def test_a_declined_proposal_no_longer_awaits_an_answer(duo, proposal, client, login_as):
    login_as(duo["mentor_user"])
    client.post(
        f"/parrainages/{proposal.id}/reponse",
        data={"decision": "decline", "message": "Trop de travail chez nous"},
    )

    login_as(duo["mentee_user"])
    page = _page(client, proposal.id)

    assert "réponse attendue" not in page
    assert "Vieux Chêne a décliné cette proposition" in page
    assert "sans réponse (proposition close)" in page
    # The sponsor's message went to the coordination only.
    assert "Trop de travail chez nous" not in page
    login_as(duo["coordinator"])
    assert "Trop de travail chez nous" in _page(client, proposal.id)


def test_the_coordination_chooses_what_both_scics_read(duo, proposal, client, login_as):
    login_as(duo["coordinator"])
    response = client.post(
        f"/parrainages/{proposal.id}/arreter",
        data={"reason": INTERNAL, "visible_reason": VISIBLE},
    )
    assert response.status_code == 302

    for user in (duo["mentee_user"], duo["mentor_user"]):
        login_as(user)
        page = _page(client, proposal.id)
        assert "La coordination a retiré cette proposition" in page
        assert VISIBLE in page
        assert INTERNAL not in page
        assert "réponse attendue" not in page
    login_as(duo["coordinator"])
    page = _page(client, proposal.id)
    assert INTERNAL in page and VISIBLE in page


def test_a_visible_reason_is_added_after_a_refusal(duo, proposal, client, login_as, app_ctx):
    services.answer(proposal, None, "mentor", False, "Pas le temps")
    db.session.commit()
    login_as(duo["coordinator"])

    response = client.post(
        f"/parrainages/{proposal.id}/motif-visible", data={"visible_reason": VISIBLE}
    )

    assert response.status_code == 302
    login_as(duo["mentee_user"])
    page = _page(client, proposal.id)
    assert VISIBLE in page and "Pas le temps" not in page
    assert (
        db.session.scalar(db.select(db.func.count()).where(AuditEntry.action == "pairing.update"))
        == 1
    )


def test_a_stopped_pairing_says_it_was_stopped(duo, proposal, client, login_as, app_ctx):
    services.answer(proposal, None, "mentee", True, None)
    services.answer(proposal, None, "mentor", True, None)
    services.stop(proposal, duo["coordinator"], INTERNAL)
    db.session.commit()

    login_as(duo["mentee_user"])
    page = _page(client, proposal.id)

    assert "La coordination a arrêté ce parrainage." in page and INTERNAL not in page


def _audit_count():
    return db.session.scalar(db.select(db.func.count(AuditEntry.id)))


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"visible_reason": "x" * 1001}, 422, "1 000 caractères au plus."),
        ({"visible_reason": VISIBLE}, 409, "un motif visible ne se donne"),
    ],
)
def test_bad_visible_reason_is_refused_and_writes_nothing(
    duo, proposal, client, login_as, app_ctx, data, status, message
):
    if status == 422:
        services.stop(proposal, duo["coordinator"], INTERNAL)
        db.session.commit()
    login_as(duo["coordinator"])
    before = _audit_count()

    response = client.post(f"/parrainages/{proposal.id}/motif-visible", data=data)

    assert response.status_code == status
    assert message in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert _audit_count() == before
    assert db.session.get(Pairing, proposal.id).visible_reason is None


def test_a_member_cannot_set_the_visible_reason(duo, proposal, client, login_as, app_ctx):
    login_as(duo["mentee_user"])
    response = client.post(
        f"/parrainages/{proposal.id}/motif-visible", data={"visible_reason": "Moi"}
    )
    assert response.status_code == 403


def test_a_too_long_visible_reason_on_stop_stops_nothing(duo, proposal, client, login_as, app_ctx):
    login_as(duo["coordinator"])
    response = client.post(
        f"/parrainages/{proposal.id}/arreter",
        data={"reason": INTERNAL, "visible_reason": "x" * 1001},
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Pairing, proposal.id).status == "awaiting_consent"
