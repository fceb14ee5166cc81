"""A testimony reaches the funder only once every organisation it concerns approved its
exact text: requests, answers, descriptions instead of names, edits, the sent report."""

from datetime import date

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry, HighlightApproval, OutboxMail, ReportHighlight
from entraide.reports import services as reports
from entraide.testimonies import queries, services
from tests.web.helpers import text_of

YEAR = date.today().year
QUOTE = "Grâce à Vieux Chêne, Jeune Pousse a tenu sa première AG."


def _approval(highlight, org) -> HighlightApproval:
    return db.session.scalar(
        db.select(HighlightApproval).filter_by(highlight_id=highlight.id, organisation_id=org.id)
    )


def _answer(client, highlight, answer: str, digest: str | None = None):
    digest = digest or db.session.scalar(
        db.select(HighlightApproval.text_digest).filter_by(highlight_id=highlight.id).limit(1)
    )
    return client.post(
        f"/temoignages/{highlight.id}/reponse", data={"answer": answer, "digest": digest}
    )


@pytest.fixture
def testimony(network):
    """A testimony taken from the parrainage's first meeting, naming both SCICs."""
    followup = network["pairing"].followups[0]
    highlight = reports.add_highlight(
        network["coordinator"], YEAR, QUOTE, source_type="followup", source_id=followup.id
    )
    db.session.commit()
    return highlight


def test_both_scics_are_asked_in_their_todo_and_by_mail(network, testimony, login_as):
    mentee, mentor = network["mentee"], network["mentor"]
    for org in (mentee, mentor):
        approval = _approval(testimony, org)
        assert (approval.status, approval.named, approval.from_source) == ("pending", True, True)
    mails = db.session.scalars(
        db.select(OutboxMail).filter_by(kind="highlight_approval_requested")
    ).all()
    assert sorted(m.recipient for m in mails) == [
        "filleule@jeune-pousse.fr",
        "marraine@vieux-chene.fr",
    ]
    assert all(QUOTE not in m.body and f"/temoignages/{testimony.id}" in m.body for m in mails)
    home = text_of(login_as(network["mentee_user"]).get("/"))
    assert "Témoignages à approuver" in home
    assert f'href="/temoignages/{testimony.id}"' in home
    page = text_of(login_as(network["mentee_user"]).get(f"/temoignages/{testimony.id}"))
    assert QUOTE in page
    assert "« une jeune SCIC de Lens-Hénin »" in page  # how it would appear without its name


def test_the_funder_reads_it_once_both_approved_names_replaced_where_asked(
    network, testimony, login_as
):
    viewer = network["viewer"]
    assert QUOTE not in text_of(login_as(viewer).get("/tableau-de-bord/"))
    assert _answer(login_as(network["mentor_user"]), testimony, "approved").status_code == 302
    assert queries.shown(YEAR) == []  # one answer still awaited
    assert (
        _answer(login_as(network["mentee_user"]), testimony, "approved_anonymous").status_code
        == 302
    )
    (shown,) = queries.shown(YEAR)
    assert shown.quote == "Grâce à Vieux Chêne, une jeune SCIC de Lens-Hénin a tenu sa première AG."
    page = text_of(login_as(viewer).get("/tableau-de-bord/"))
    assert shown.quote in page and QUOTE not in page
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="report.highlight_answer"))
    assert entry.after["status"] in ("approved", "approved_anonymous")
    assert "Témoignages à approuver" not in text_of(login_as(network["mentee_user"]).get("/"))


def test_a_refusal_keeps_it_out_and_can_be_changed_until_the_report_is_sent(
    network, testimony, login_as
):
    mentee, mentor = login_as(network["mentee_user"]), None
    assert _answer(mentee, testimony, "refused").status_code == 302
    mentor = login_as(network["mentor_user"])
    assert _answer(mentor, testimony, "approved").status_code == 302
    assert queries.shown(YEAR) == []
    mentee = login_as(network["mentee_user"])
    assert _answer(mentee, testimony, "approved").status_code == 302
    assert [s.quote for s in queries.shown(YEAR)] == [QUOTE]
    assert _answer(mentee, testimony, "refused").status_code == 302  # revoked
    assert queries.shown(YEAR) == []

    services.mark_sent(network["coordinator"], YEAR)
    db.session.commit()
    before = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    response = _answer(login_as(network["mentee_user"]), testimony, "approved")
    assert response.status_code == 409
    assert "marqué comme envoyé" in text_of(response)
    assert _approval(testimony, network["mentee"]).status == "refused"
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == before
    page = text_of(login_as(network["mentee_user"]).get(f"/temoignages/{testimony.id}"))
    assert "cette réponse ne peut plus changer" in page and "<form" not in page.split("<main")[1]

    services.reopen(network["coordinator"], YEAR)
    db.session.commit()
    assert _answer(login_as(network["mentee_user"]), testimony, "approved").status_code == 302


def test_editing_the_text_asks_again(network, testimony, login_as):
    for who in ("mentee_user", "mentor_user"):
        _answer(login_as(network[who]), testimony, "approved")
    old_digest = _approval(testimony, network["mentee"]).text_digest
    coordinator = login_as(network["coordinator"])
    response = coordinator.post(
        f"/tableau-de-bord/temoignages/{testimony.id}/modifier",
        data={"quote": QUOTE + " Et la deuxième aussi.", "title": "", "position": "0"},
    )
    assert response.status_code == 302
    approvals = db.session.scalars(db.select(HighlightApproval)).all()
    assert {a.status for a in approvals} == {"pending"}
    assert queries.shown(YEAR) == []
    # An answer about the text read before the change is not an answer about the new one.
    response = _answer(login_as(network["mentee_user"]), testimony, "approved", old_digest)
    assert response.status_code == 409
    assert _approval(testimony, network["mentee"]).status == "pending"


def test_a_free_text_asks_the_organisations_it_names(network, make):
    other = make.organisation("Coop Nommée", year_created=None, commune_insee="62041")
    reports.add_highlight(network["coordinator"], YEAR, "coop nommee a tout changé.")
    db.session.commit()
    (approval,) = db.session.scalars(db.select(HighlightApproval)).all()
    assert (approval.organisation_id, approval.named, approval.from_source) == (
        other.id,
        True,
        False,
    )
    services.answer(approval, None, "approved_anonymous", approval.text_digest)
    db.session.commit()
    assert [s.quote for s in queries.shown(YEAR)] == ["Une SCIC de l'Arrageois a tout changé."]
    plain = reports.add_highlight(network["coordinator"], YEAR, "Le réseau a grandi.")
    db.session.commit()
    assert plain.id and "Le réseau a grandi." in [s.quote for s in queries.shown(YEAR)]


def test_bad_answers_write_nothing(network, testimony, login_as, make):
    outsider_user = make.member(make.organisation("Coop Étrangère"))
    member = login_as(network["mentee_user"])
    before = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    response = _answer(member, testimony, "peut-être")
    assert response.status_code == 422
    assert "Not a valid choice" not in text_of(response)
    assert member.post(f"/temoignages/{testimony.id}/reponse", data={}).status_code == 422
    outsider = login_as(outsider_user)
    assert outsider.get(f"/temoignages/{testimony.id}").status_code == 404
    assert _answer(outsider, testimony, "approved").status_code == 404
    assert login_as(network["mentee_user"]).get("/temoignages/999999").status_code == 404
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == before
    assert _approval(testimony, network["mentee"]).status == "pending"


def test_a_sent_year_is_frozen_for_the_coordination_too(network, testimony, login_as):
    coordinator = login_as(network["coordinator"])
    response = coordinator.post(f"/tableau-de-bord/bilan/{YEAR}/envoye")
    assert response.status_code == 302
    assert coordinator.post(f"/tableau-de-bord/bilan/{YEAR}/envoye").status_code == 302  # idem
    assert (
        db.session.scalar(db.select(db.func.count(AuditEntry.id)).filter_by(action="report.sent"))
        == 1
    )
    for path, data in (
        (f"/tableau-de-bord/temoignages/{testimony.id}/modifier", {"quote": "Autre"}),
        (f"/tableau-de-bord/temoignages/{testimony.id}/retirer", {}),
        (f"/tableau-de-bord/temoignages?annee={YEAR}", {"quote": "Nouveau"}),
    ):
        assert coordinator.post(path, data=data).status_code == 409, path
    assert db.session.scalar(db.select(db.func.count(ReportHighlight.id))) == 1
    assert db.session.get(ReportHighlight, testimony.id).quote == QUOTE
    page = text_of(coordinator.get(f"/tableau-de-bord/temoignages?annee={YEAR}"))
    assert "Rouvrir le bilan" in page
    assert coordinator.post(f"/tableau-de-bord/bilan/{YEAR}/rouvrir").status_code == 302
    assert coordinator.post(f"/tableau-de-bord/bilan/{YEAR}/rouvrir").status_code == 409
    assert coordinator.post("/tableau-de-bord/bilan/1800/envoye").status_code == 404
