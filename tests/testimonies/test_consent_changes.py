"""What changes after the approvals were given keeps a testimony from the funder until the
organisations now concerned approved it: a group meeting's participants corrected, an
organisation renamed."""

from datetime import date

import pytest

from entraide.core.extensions import db
from entraide.models import GroupMeeting, HighlightApproval, OutboxMail, User
from entraide.organisations import services as organisations
from entraide.reports import services as reports
from entraide.testimonies import queries
from tests.web.helpers import text_of

YEAR = date.today().year


def _approval(highlight, org) -> HighlightApproval | None:
    return db.session.scalar(
        db.select(HighlightApproval).filter_by(highlight_id=highlight.id, organisation_id=org.id)
    )


def _answer(client, highlight, answer: str):
    digest = db.session.scalar(
        db.select(HighlightApproval.text_digest).filter_by(highlight_id=highlight.id).limit(1)
    )
    return client.post(
        f"/temoignages/{highlight.id}/reponse", data={"answer": answer, "digest": digest}
    )


@pytest.fixture
def meeting_testimony(network, login_as):
    """A testimony taken from the network's group meeting, approved by its host and its
    participant (the mentor hosts, the mentee takes part)."""
    meeting = db.session.scalar(db.select(GroupMeeting))
    highlight = reports.add_highlight(
        network["coordinator"],
        YEAR,
        "Une belle rencontre, très utile.",
        source_type="group_meeting",
        source_id=meeting.id,
    )
    db.session.commit()
    for who in ("mentee_user", "mentor_user"):
        assert _answer(login_as(network[who]), highlight, "approved").status_code == 302
    assert [s.quote for s in queries.shown(YEAR)] == ["Une belle rencontre, très utile."]
    return meeting, highlight


def test_a_participant_added_behind_the_service_keeps_it_from_the_funder(
    network, meeting_testimony
):
    meeting, _ = meeting_testimony
    meeting.participants = [network["mentee"], network["mentor"], network["fragile"]]
    db.session.commit()
    assert queries.shown(YEAR) == []
    (review,) = queries.reviews(YEAR)
    assert review.missing and not review.is_shown


def test_a_participant_added_by_a_correction_is_asked(network, meeting_testimony, login_as):
    meeting, highlight = meeting_testimony
    fragile = network["fragile"]
    coordinator = login_as(network["coordinator"])
    form = {
        "held_on": meeting.held_on.isoformat(),
        "kind": meeting.kind,
        "title": meeting.title,
        "host_id": str(network["mentor"].id),
        "participant_ids": [str(o.id) for o in (network["mentee"], network["mentor"], fragile)],
        "volunteer_hours": "4",
        "version": str(meeting.version),
    }
    response = coordinator.post(f"/groupes/rencontres/{meeting.id}/corriger", data=form)
    assert response.status_code == 302, text_of(response)
    assert fragile.id in {o.id for o in db.session.get(GroupMeeting, meeting.id).participants}

    assert queries.shown(YEAR) == []  # the new participant has not answered
    approval = _approval(highlight, fragile)
    assert (approval.status, approval.from_source) == ("pending", True)
    assert db.session.scalar(
        db.select(OutboxMail).filter_by(
            kind="highlight_approval_requested", recipient="dirigeante@coop-fragile.fr"
        )
    )
    member = login_as(
        db.session.scalar(db.select(User).filter_by(email="dirigeante@coop-fragile.fr"))
    )
    home = text_of(member.get("/"))
    assert "Témoignages à approuver" in home
    assert f'href="/temoignages/{highlight.id}"' in home
    assert _answer(member, highlight, "approved").status_code == 302
    assert [s.quote for s in queries.shown(YEAR)] == ["Une belle rencontre, très utile."]
    # The others' answers were about the same text: they stand.
    assert _approval(highlight, network["mentee"]).status == "approved"


def test_an_organisation_renamed_after_approving_without_its_name_is_not_named(network, login_as):
    mentee = network["mentee"]
    quote = "Grâce à Vieux Chêne, Jeune Pousse a tenu sa première AG."
    highlight = reports.add_highlight(network["coordinator"], YEAR, quote)
    db.session.commit()
    assert _answer(login_as(network["mentor_user"]), highlight, "approved").status_code == 302
    member = login_as(network["mentee_user"])
    assert _answer(member, highlight, "approved_anonymous").status_code == 302
    described = "Grâce à Vieux Chêne, une jeune SCIC de Lens-Hénin a tenu sa première AG."
    assert [s.quote for s in queries.shown(YEAR)] == [described]

    organisations.update_organisation(mentee, network["mentee_user"], name="Pousse Verte")
    db.session.commit()
    assert queries.shown(YEAR) == []  # « Jeune Pousse » is no longer a name it replaces
    coordinator = login_as(network["coordinator"])
    page = text_of(coordinator.get(f"/tableau-de-bord/temoignages?annee={YEAR}"))
    assert "Pousse Verte a changé de nom depuis son accord" in page
    # Saved unchanged, the text still holds the former name: still withheld, answer kept.
    edit = f"/tableau-de-bord/temoignages/{highlight.id}/modifier"
    form = {"quote": quote, "title": "", "position": "0"}
    assert coordinator.post(edit, data=form).status_code == 302
    assert queries.shown(YEAR) == []
    assert _approval(highlight, mentee).status == "approved_anonymous"

    # Corrected, the text names it by its name: it is asked again.
    corrected = "Grâce à Vieux Chêne, Pousse Verte a tenu sa première AG."
    assert coordinator.post(edit, data=form | {"quote": corrected}).status_code == 302
    assert _approval(highlight, mentee).status == "pending"
    for who, answer in (("mentor_user", "approved"), ("mentee_user", "approved_anonymous")):
        assert _answer(login_as(network[who]), highlight, answer).status_code == 302
    assert [s.quote for s in queries.shown(YEAR)] == [described]
