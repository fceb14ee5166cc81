"""The report's four axes: axis 1 adds the group and pairing meetings to the register's
actions (never typed twice); each axis lists its dated actions; the annex its pièces."""

import csv
import io
from datetime import date
from html import unescape

import openpyxl
import pytest

from entraide.actions import services
from entraide.core.extensions import db
from entraide.demo.actions import demo_pdf
from entraide.reports.context import report_context
from entraide.reports.exports import xlsx_bytes
from entraide.reports.pdf import render_report_html
from entraide.reports.period import year_period
from entraide.reports.tables import build_report
from tests.web.helpers import text_of

TODAY = date.today()
THIS_YEAR = year_period(TODAY.year)


def _action(**fields):
    values = {"axis": 1, "kind": "atelier", "title": "Atelier", "held_on": TODAY, "status": "held"}
    values.update(fields)
    return services.create_action(None, services.ActionData(**values))


@pytest.fixture
def register(network, app, tmp_path):
    app.config["ACTION_FILES_FOLDER"] = str(tmp_path / "pieces")
    workshop = _action(
        title="Atelier subventions",
        people_count=14,
        organisations_count=9,
        hosts=[network["mentor"]],
        commune_insee="62041",
        audience=["scic"],
    )
    _action(
        axis=2,
        kind="formation_collectivites",
        title="Formation des élu·es",
        people_count=22,
        organisations_count=12,
        outside_hosts=["Mission ESS"],
        audience=["elus", "techniciens"],
    )
    _action(axis=2, kind="formation_collectivites", title="Matinée annulée", status="cancelled")
    _action(
        axis=3,
        kind="evenement",
        title="Stand au salon",
        status="planned",
        held_on=date(TODAY.year, 12, 31),
    )
    _action(axis=4, kind="site", title="Site de l'an dernier", held_on=date(TODAY.year - 1, 6, 1))
    services.add_document(workshop, None, "attendance", "emargement-atelier.pdf", demo_pdf("x"))
    db.session.commit()
    return workshop


def test_axis_1_adds_group_and_pairing_meetings(register, app_ctx):
    report = build_report(THIS_YEAR)
    axes = {row["axis"]: row for row in report.axes}
    assert (axes[1]["actions"], axes[1]["group_meetings"], axes[1]["pairing_meetings"]) == (1, 1, 2)
    assert axes[1]["total"] == 4 and axes[1]["people"] == 14
    assert (axes[2]["actions"], axes[2]["cancelled"], axes[2]["people"]) == (1, 1, 22)
    assert axes[2]["group_meetings"] == axes[2]["pairing_meetings"] == 0
    assert (axes[3]["actions"], axes[3]["planned"]) == (0, 1)
    assert axes[4]["total"] == 0  # last year's action is outside the period
    assert [a.title for a in report.actions] == [
        "Atelier subventions",
        "Formation des élu·es",
        "Stand au salon",
    ]
    assert [d.original_name for d in report.documents] == ["emargement-atelier.pdf"]


def test_the_pdf_has_each_axis_and_the_annex(register, app_ctx):
    with app_ctx.test_request_context():
        html = render_report_html(report_context(THIS_YEAR))
    text = " ".join(unescape(html).split())
    # One set of axis sections (section 2), each holding its own dated actions.
    assert "Les actions des quatre axes" not in text
    axes_part = text.split("2. Le programme d'action, axe par axe")[1].split("3. Les membres")[0]
    axis_1, rest = axes_part.split("Axe 2 – Faire connaître le statut de SCIC")
    axis_2, rest = rest.split("Axe 3 – Promouvoir le modèle SCIC")
    axis_3 = rest.split("Axe 4 – Communication")[0]
    assert "Atelier subventions" in axis_1 and "Arras (62000)" in axis_1
    assert "Formation des élu·es" not in axis_1
    assert "Formation des élu·es" in axis_2 and "22 personnes, 12 organisations" in axis_2
    assert "Stand au salon" in axis_3 and "(prévue)" in axis_3
    assert text.count("Formation des élu·es") == 1  # listed once, under its axis
    assert "Matinée annulée" not in text
    annex = text.split("Annexe : pièces justificatives")[1]
    assert "emargement-atelier.pdf" in annex and "Feuille d'émargement" in annex
    assert html.index("8. Bilan qualitatif") < html.index("Annexe : pièces justificatives")


def test_cancelled_actions_are_counted_not_listed(register, app_ctx):
    report = build_report(THIS_YEAR)
    assert "Matinée annulée" not in [a.title for a in report.actions]


def test_xlsx_has_the_axes_sheets(register, app_ctx):
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(THIS_YEAR)))
    axes = list(workbook["Actions par axe"].iter_rows(values_only=True))
    assert axes[1][:5] == ("Axe 1 – Réseau et entraide", 1, 1, 2, 4)
    listed = list(workbook["Actions datées"].iter_rows(values_only=True))
    assert [row[2] for row in listed[1:]] == [
        "Atelier subventions",
        "Formation des élu·es",
        "Stand au salon",
    ]
    annex = list(workbook["Pièces justificatives"].iter_rows(values_only=True))
    assert annex[1][0] == "emargement-atelier.pdf"


def test_dashboard_and_csv_for_the_funder(network, register, client, login_as):
    login_as(network["viewer"])
    page = text_of(client.get("/tableau-de-bord/"))
    assert "Les quatre axes de la convention" in page and "Liste des actions (CSV)" in page
    response = client.get(
        f"/tableau-de-bord/actions.csv?du={TODAY.year}-01-01&au={TODAY.year}-12-31"
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[0][:3] == ["Axe", "Date", "Action"]
    assert [row[2] for row in rows[1:]] == [
        "Atelier subventions",
        "Formation des élu·es",
        "Stand au salon",
    ]


def test_axis_1_counts_held_group_meetings_only(register, app_ctx):
    """A planned or cancelled group meeting is not (yet) an action of axis 1."""
    from datetime import datetime, time

    from entraide.models import GroupMeeting

    before = {row["axis"]: row for row in build_report(THIS_YEAR).axes}[1]
    for status, cancelled_at in (("planned", None), ("cancelled", datetime.now())):
        db.session.add(
            GroupMeeting(
                held_on=TODAY,
                kind="rencontre",
                title=f"Rencontre {status}",
                status=status,
                start_time=time(14, 0),
                cancelled_at=cancelled_at,
            )
        )
    db.session.commit()
    after = {row["axis"]: row for row in build_report(THIS_YEAR).axes}[1]
    assert (after["group_meetings"], after["total"]) == (
        before["group_meetings"],
        before["total"],
    )


def test_each_axis_table_is_a_csv_of_its_own(network, register, client, login_as):
    """The report's per-table CSV knows the axes' tables (the same list as actions.csv)."""
    login_as(network["viewer"])
    period = f"du={TODAY.year}-01-01&au={TODAY.year}-12-31"
    listed = client.get(f"/tableau-de-bord/bilan.csv?tableau=actions-datees&{period}")
    assert listed.status_code == 200
    assert listed.get_data() == client.get(f"/tableau-de-bord/actions.csv?{period}").get_data()
    per_axis = client.get(f"/tableau-de-bord/bilan.csv?tableau=actions-par-axe&{period}")
    rows = list(
        csv.reader(io.StringIO(per_axis.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[1][:5] == ["Axe 1 – Réseau et entraide", "1", "1", "2", "4"]
    annex = client.get(f"/tableau-de-bord/bilan.csv?tableau=pieces-justificatives&{period}")
    assert "emargement-atelier.pdf" in annex.get_data(as_text=True)


def test_a_long_axis_lists_its_most_attended_actions_in_the_pdf(register, app_ctx, monkeypatch):
    """Beyond the PDF's limit an axis lists its most attended held actions, in date
    order, and says where the others are; the spreadsheet keeps every one."""
    monkeypatch.setattr("entraide.reports.context.AXIS_LIST_ROWS", 2)
    day = date(TODAY.year, 1, 1)
    _action(axis=2, kind="formation", title="Petite formation", people_count=3, held_on=day)
    _action(axis=2, kind="formation", title="Grande formation", people_count=80, held_on=day)
    db.session.commit()
    with app_ctx.test_request_context():
        html = render_report_html(report_context(THIS_YEAR))
    text = " ".join(unescape(html).split())
    axis_2 = text.split("Axe 2 – Faire connaître")[1].split("Axe 3 – Promouvoir")[0]
    assert "Grande formation" in axis_2 and "Formation des élu·es" in axis_2
    assert "Petite formation" not in axis_2
    assert axis_2.index("Grande formation") < axis_2.index("Formation des élu·es")  # by date
    assert "Les 2 actions les plus fréquentées sur 3 sont listées ici" in axis_2
    axis_1 = text.split("Axe 1 – Consolider")[1].split("Axe 2 – Faire connaître")[0]
    assert "les plus fréquentées" not in axis_1  # one action: listed whole, no note
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(THIS_YEAR)))
    listed = [row[2] for row in workbook["Actions datées"].iter_rows(values_only=True)]
    assert "Petite formation" in listed and "Grande formation" in listed


def test_a_long_list_of_hosts_names_the_first_ones_then_counts_the_others():
    """The page and the PDF name a workshop theme's first hosts (the files, all)."""
    from entraide.text import name_list

    names = ["Alpha", "Bêta", "Gamma", "Delta"]
    assert name_list(names) == "Alpha, Bêta, Gamma, Delta"
    assert name_list(names, 4) == "Alpha, Bêta, Gamma, Delta"
    assert name_list(names, 2) == "Alpha, Bêta et 2 autres"
    assert name_list([], 2) == ""


def test_a_period_with_only_actions_is_not_empty(network, app_ctx):
    """The dashboard counts held or planned actions without loading them; a cancelled one
    alone leaves the period empty (« Aucune activité »), as the dated list would."""
    year = TODAY.year - 3
    period = year_period(year)
    _action(title="Annulée", status="cancelled", held_on=date(year, 3, 1))
    db.session.commit()
    assert build_report(period).is_empty
    _action(axis=4, kind="site", title="Prévue", status="planned", held_on=date(year, 9, 1))
    db.session.commit()
    report = build_report(period)
    assert not report.is_empty
    assert [a.title for a in report.actions] == ["Prévue"]


def test_the_dashboard_shows_the_axes_figures(network, register, client, login_as):
    login_as(network["viewer"])
    text = text_of(client.get("/tableau-de-bord/"))
    assert "Axe 3 – " in text and "1 action prévue" in text
    assert "1 action annulée" in text  # axis 2's cancelled matinée
