"""Dashboard pages: access per role, period form, empty state, privacy, query count."""

import io
from contextlib import contextmanager
from datetime import date

import openpyxl
import pytest
from sqlalchemy import event

from entraide.core.extensions import db
from entraide.reports import services
from tests.reports.conftest import PERSON_NAME, SECRET_SUMMARY
from tests.web.helpers import text_of

URL = "/tableau-de-bord/"
PRIVATE = [
    SECRET_SUMMARY,
    PERSON_NAME,
    "contact@jeune-pousse.fr",
    "alerte@coop-fragile.fr",
    "dirigeante@coop-fragile.fr",
    "filleule@jeune-pousse.fr",
    "marraine@vieux-chene.fr",
    "coordination@reseau-scic62.fr",
    "en difficulté",
    "in_difficulty",
]


@contextmanager
def count_queries():
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def test_anonymous_is_sent_to_login(client, app_ctx):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


@pytest.mark.parametrize(
    "path",
    [URL, URL + "bilan.pdf", URL + "bilan.xlsx", URL + "bilan.csv", URL + "reglages"],
)
def test_member_is_refused(network, login_as, path):
    client = login_as(network["mentee_user"])
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", [URL + "reglages", URL + "temoignages"])
def test_viewer_cannot_change_settings_or_highlights(network, login_as, path):
    client = login_as(network["viewer"])
    assert client.get(path).status_code == 403
    assert client.post(path, data={"hourly_rate": "1", "quote": "x"}).status_code == 403


@pytest.mark.parametrize("who", ["coordinator", "viewer"])
def test_dashboard_shows_the_figures(network, login_as, who):
    client = login_as(network[who])
    response = client.get(URL)
    assert response.status_code == 200
    body = text_of(response)
    assert f"année {date.today().year}" in body
    assert "Vieux Chêne" in body  # the balance table and the workshop hosts
    assert "<svg" in body and 'class="carte-62"' in body
    assert 'role="img"' in body
    assert " style=" not in body and "<script" not in body
    assert "152,18\u00a0€" in body


def test_the_old_synthesis_link_points_at_the_dashboard(network, login_as):
    client = login_as(network["viewer"])
    assert 'href="/tableau-de-bord/"' in client.get(URL).get_data(as_text=True)


def test_end_before_start_is_a_422_with_a_french_message(network, login_as):
    client = login_as(network["viewer"])
    response = client.get(URL, query_string={"du": "2025-06-30", "au": "2025-01-01"})
    assert response.status_code == 422
    assert "La date de fin doit être égale ou postérieure à la date de début." in text_of(response)
    bad = client.get(URL, query_string={"du": "demain"})
    assert bad.status_code == 422
    assert "Date de début invalide" in text_of(bad)
    assert client.get(URL + "bilan.pdf", query_string={"du": "x"}).status_code == 422


def test_an_empty_period_shows_an_empty_state(network, login_as):
    client = login_as(network["viewer"])
    response = client.get(URL, query_string={"du": "2001-01-01", "au": "2001-12-31"})
    assert response.status_code == 200
    assert "Aucune activité sur cette période" in text_of(response)


def test_an_empty_database_is_not_an_error(make, login_as):
    client = login_as(make.viewer())
    assert client.get(URL).status_code == 200


def test_viewer_never_sees_private_data(network, login_as):
    client = login_as(network["viewer"])
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(URL + "bilan.xlsx").get_data()))
    cells = [
        str(value)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    pages = [
        text_of(client.get(URL)),
        client.get(URL + "bilan.csv").get_data().decode("utf-8-sig"),
        "\n".join(cells),
    ]
    for page in pages:
        for secret in PRIVATE:
            assert secret not in page, secret


def test_highlights_appear_only_once_selected(network, login_as):
    client = login_as(network["viewer"])
    assert "Une AG enfin réussie" not in text_of(client.get(URL))
    services.add_highlight(network["coordinator"], date.today().year, "Une AG enfin réussie")
    db.session.commit()
    assert "Une AG enfin réussie" in text_of(client.get(URL))


def test_query_count_is_bounded_whatever_the_data_size(network, make, login_as):
    client = login_as(network["viewer"])
    with count_queries() as small:
        assert client.get(URL).status_code == 200
    for index in range(15):
        org = make.organisation(f"Coopérative {index}", year_created=2022)
        make.need(org, "numerique")
        make.offer(org, "lieu")
    with count_queries() as large:
        assert client.get(URL).status_code == 200
    assert len(large) <= 40
    assert len(large) == len(small)


def test_csv_is_streamed_and_safe(network, login_as):
    network["mentor"].name = "=cmd|' /C calc'!A0"
    db.session.commit()
    client = login_as(network["coordinator"])
    response = client.get(URL + "bilan.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert "bilan-entraide-" in response.headers["Content-Disposition"]
    lines = response.get_data().decode("utf-8-sig").split("\r\n")
    assert "'=cmd|' /C calc'!A0;1;0;1;0" in lines
    assert not any(line.startswith("=") for line in lines)


def test_coordinator_sets_the_hourly_rate(network, login_as):
    client = login_as(network["coordinator"])
    assert client.get(URL + "reglages").status_code == 200
    assert client.post(URL + "reglages", data={"hourly_rate": "-1"}).status_code == 422
    response = client.post(URL + "reglages", data={"hourly_rate": "25,50"})
    assert response.status_code == 302
    assert "191,25\u00a0€" in text_of(client.get(URL))  # 7,5 h x 25,50 €
    from entraide.models import AuditEntry

    assert db.session.scalar(db.select(AuditEntry).filter_by(action="report.hourly_rate"))


def test_the_aid_is_no_longer_a_setting_of_the_report(network, login_as):
    """The per-year aid moved into the conventions: the settings page leads there, and
    the old addresses are gone (nothing can write a second amount)."""
    client = login_as(network["coordinator"])
    page = text_of(client.get(URL + "reglages"))
    assert "Voir et saisir les conventions" in page
    assert 'action="/tableau-de-bord/reglages/aide"' not in page
    assert (
        client.post(URL + "reglages/aide", data={"year": "2025", "amount": "1"}).status_code == 404
    )
    assert client.post(URL + "reglages/aide/2025/retirer").status_code == 404


def test_coordinator_selects_and_removes_a_testimony(network, login_as):
    from entraide.models import HighlightApproval, ReportHighlight

    client = login_as(network["coordinator"])
    page = text_of(client.get(URL + "temoignages"))
    assert SECRET_SUMMARY in page  # a candidate, for the coordinator only
    followup = network["pairing"].followups[0]
    response = client.post(
        URL + "temoignages",
        data={
            "source_type": "followup",
            "source_id": str(followup.id),
            "quote": "Une AG préparée ensemble",
            "title": "Une jeune SCIC",
        },
    )
    assert response.status_code == 302
    highlight = db.session.scalar(db.select(ReportHighlight))
    assert highlight.source_type == "followup"
    # Both SCICs of the parrainage are asked; until they approve, the funder reads nothing.
    asked = db.session.scalars(db.select(HighlightApproval.organisation_id)).all()
    assert sorted(asked) == sorted([network["mentee"].id, network["mentor"].id])
    viewer = login_as(network["viewer"])
    assert "Une AG préparée ensemble" not in text_of(viewer.get(URL))
    for who in ("mentee_user", "mentor_user"):
        member = login_as(network[who])
        digest = db.session.scalar(db.select(HighlightApproval.text_digest).limit(1))
        answer = {"answer": "approved", "digest": digest}
        assert member.post(f"/temoignages/{highlight.id}/reponse", data=answer).status_code == 302
    viewer = login_as(network["viewer"])
    assert "Une AG préparée ensemble" in text_of(viewer.get(URL))
    client = login_as(network["coordinator"])
    response = client.post(URL + f"temoignages/{highlight.id}/retirer")
    assert response.status_code == 302
    assert db.session.scalar(db.select(ReportHighlight)) is None
    assert db.session.scalar(db.select(HighlightApproval)) is None
    assert client.post(URL + "temoignages", data={"quote": ""}).status_code == 422


def test_a_testimony_from_a_source_that_does_not_exist_is_refused(network, login_as):
    from entraide.models import ReportHighlight

    client = login_as(network["coordinator"])
    data = {"source_type": "followup", "source_id": "999999", "quote": "Inventé"}
    response = client.post(URL + "temoignages", data=data)
    assert response.status_code == 422
    assert "n'existe plus" in text_of(response)
    assert db.session.scalar(db.select(ReportHighlight)) is None


def test_close_out_evaluations_are_candidates_for_the_coordinator_only(network, login_as):
    from entraide.followups import services as followup_services
    from entraide.pairings import services as pairing_services

    pairing_services.complete(network["pairing"], network["coordinator"])
    followup_services.evaluate(
        network["pairing"],
        network["mentee_user"],
        network["mentee"],
        satisfaction=5,
        what_helped="AIDE-PRIVEE-5521 les conseils sur les statuts",
    )
    db.session.commit()
    coordinator = login_as(network["coordinator"])
    assert "AIDE-PRIVEE-5521" in text_of(coordinator.get(URL + "temoignages"))
    viewer = login_as(network["viewer"])
    assert "AIDE-PRIVEE-5521" not in text_of(viewer.get(URL))
    assert "Terminé" in text_of(viewer.get(URL))  # the pairing counts as completed


def test_each_table_has_its_csv_and_an_unknown_one_is_a_404(network, login_as):
    client = login_as(network["viewer"])
    response = client.get(
        URL + "bilan.csv", query_string={"tableau": "satisfaction-des-parrainages"}
    )
    assert response.status_code == 200
    assert "satisfaction-des-parrainages.csv" in response.headers["Content-Disposition"]
    lines = response.get_data().decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Satisfaction;Filleules;Marraines;Ensemble"
    missing = client.get(URL + "bilan.csv", query_string={"tableau": 'x"\r\nSet-Cookie: a=b'})
    assert missing.status_code == 404
    assert "Ce tableau n'existe pas dans le bilan." in text_of(missing)
