"""What the report and the dashboard take from the conventions: the countdown, the period
of a convention, its statement as (headers, rows), the same volunteer valuation."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from html import unescape

import pytest

from entraide.conventions import queries
from entraide.conventions.statement import HEADERS
from entraide.conventions.valuation import volunteer_valuation
from entraide.core.extensions import db
from entraide.models import FollowUp, GroupMeeting
from entraide.reports.period import Period
from entraide.reports.tables import build_report
from tests.fuzz.checks import snapshot
from tests.web.helpers import field_errors, text_of


def _visible(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split()).replace(" .", ".")


def test_the_coordinators_dashboard_counts_down(new_convention, coordinator, make, login_as):
    today = date.today()
    new_convention(
        reference="COURANTE",
        period_start=today - timedelta(days=300),
        period_end=today + timedelta(days=65),
        report_due=today + timedelta(days=200),
        extension_before=today + timedelta(days=12),
    )
    new_convention(reference="REMISE", report_sent=True)  # handed in: no countdown
    page = text_of(login_as(coordinator).get("/tableau-de-bord/"))
    assert "Échéances des conventions" in page
    assert "Bilan à remettre dans 200 jours" in page
    assert (
        f"Demande de prolongation avant le {today + timedelta(days=12):%d/%m/%Y} "
        "(dans 12 jours)" in page
    )
    assert "REMISE" not in page[page.index("Échéances des conventions") : page.index("</section>")]
    funder = text_of(login_as(make.viewer()).get("/tableau-de-bord/"))
    assert "Échéances des conventions" not in funder


def test_a_convention_chosen_gives_the_report_its_period(new_convention, coordinator, login_as):
    convention = new_convention()
    client = login_as(coordinator)
    response = client.get(f"/tableau-de-bord/?convention={convention.id}")
    page = text_of(response)
    assert "Période : année 2024." in _visible(page)
    assert f"convention={convention.id}" in page  # the downloads keep the convention
    inside = client.get(f"/tableau-de-bord/?convention={convention.id}&du=2024-03-01&au=2024-06-30")
    assert inside.status_code == 200
    assert "Période : du 01/03/2024 au 30/06/2024." in _visible(text_of(inside))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "du=2023-12-01&au=2024-06-30",
            "La période du 01/12/2023 au 30/06/2024 sort de la "
            "convention n° 2024-03658 (du 01/01/2024 au 31/12/2024)",
        ),
        ("du=2024-06-01&au=2025-01-31", "sort de la convention n° 2024-03658"),
        ("du=2025-01-01", "sort de la convention n° 2024-03658"),
    ],
)
def test_a_period_outside_its_convention_is_refused_in_french(
    app, new_convention, coordinator, login_as, query, message
):
    convention = new_convention()
    client = login_as(coordinator)
    before = snapshot(app)
    for path in ("/tableau-de-bord/", "/tableau-de-bord/bilan.pdf"):
        response = client.get(f"{path}?convention={convention.id}&{query}")
        assert response.status_code == 422
        assert any(message in error for error in field_errors(response)), field_errors(response)
    assert snapshot(app) == before


def test_an_unknown_convention_is_refused(app_ctx, coordinator, login_as):
    response = login_as(coordinator).get("/tableau-de-bord/?convention=999")
    assert response.status_code == 422
    assert "Convention inconnue" in " ".join(field_errors(response))


def test_the_statement_rows_for_the_report(new_convention):
    convention = new_convention()
    headers, rows = queries.statement_rows(convention)
    assert headers == HEADERS
    assert [row[1] for row in rows if row[0] == "" and row[2] is None and row[1].isupper()][:4] == [
        "CHARGES",
        "TOTAL DES CHARGES",
        "PRODUITS",
        "TOTAL DES PRODUITS",
    ]
    assert len(rows) == sum(1 for _ in convention.lines) + 8  # 4 titles and 4 totals


def test_the_valuation_is_the_reports(app_ctx, make, coordinator, duo):
    """Both compute hours × rate over a period: they must give the same figure."""
    from entraide.groups import services as groups
    from entraide.reports import services as reports
    from tests.followups.conftest import log_meeting, start_pairing

    pairing = start_pairing(duo, started_days_ago=60)
    log_meeting(pairing, duo["mentor_user"], 3, volunteer_hours=Decimal("2.25"))
    log_meeting(pairing, duo["mentee_user"], 40, volunteer_hours=Decimal("1.5"))
    mentee, mentor = duo["mentee"], duo["mentor"]
    group = groups.create_group(coordinator, "Lens", [mentee, mentor])
    groups.record_meeting(
        group,
        coordinator,
        held_on=date.today() - timedelta(days=10),
        kind="atelier",
        title="Atelier",
        host=mentor,
        participants=[mentee],
        volunteer_hours=Decimal("7.5"),
    )
    reports.set_hourly_rate(coordinator, Decimal("25.50"))
    # Planned and cancelled meetings carrying hours: not held, valued by neither.
    day, start = date.today() - timedelta(days=2), time(10, 0)
    db.session.add_all(
        [
            FollowUp(
                pairing_id=pairing.id,
                held_on=day,
                format="visit",
                status="planned",
                start_time=start,
                volunteer_hours=Decimal("100"),
            ),
            GroupMeeting(
                group_id=group.id,
                held_on=day,
                title="Prévue",
                status="planned",
                start_time=start,
                volunteer_hours=Decimal("200"),
            ),
            GroupMeeting(
                group_id=group.id,
                held_on=day,
                title="Annulée",
                status="cancelled",
                start_time=start,
                cancelled_at=datetime.utcnow(),
                volunteer_hours=Decimal("300"),
            ),
        ]
    )
    db.session.commit()
    assert volunteer_valuation(date.today() - timedelta(days=5), date.today()).hours == Decimal(
        "2.25"
    )
    for days in (5, 20, 400):
        period = Period(date.today() - timedelta(days=days), date.today())
        ours = volunteer_valuation(period.start, period.end)
        theirs = build_report(period)
        assert (ours.hours, ours.amount) == (theirs.volunteer_hours, theirs.volunteer_amount)
        assert ours.amount > 0


def test_the_report_files_carry_the_statement(app_ctx, new_convention):
    """Section 7 of the PDF and one sheet per convention in the spreadsheet, after the figures
    (the four axes follow)."""
    import io

    import openpyxl

    from entraide.conventions.shared import import_shared
    from entraide.reports.context import report_context
    from entraide.reports.exports import xlsx_bytes
    from entraide.reports.pdf import render_report_html
    from entraide.reports.period import year_period

    import_shared()
    db.session.commit()
    html = render_report_html({**report_context(year_period(2023)), "pdf_stamp": "x"})
    assert "6. Bilan financier" in html
    assert "2. Le programme d'action, axe par axe" in html  # the axes hold the actions
    assert "Les actions des quatre axes" not in html  # one set of axis sections, not two
    assert "Convention n° 2021-05918" in html and "35\u202f280,00\u00a0€" in html
    assert "Traiteur" in html
    assert "2024-03658 –" not in html  # not a convention of 2023
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(year_period(2024))))
    # As in the PDF: the figures, the financial statement, the axes' narratives, the
    # testimonies, then the annex of pièces justificatives.
    names = workbook.sheetnames
    assert names[-4:] == [
        "Bilan financier 2024-03658",
        "Conditions et résultats par axe",
        "Témoignages",
        "Pièces justificatives",
    ]
    assert names.count("Actions par axe") == names.count("Actions datées") == 1
    sheet = workbook["Bilan financier 2024-03658"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADERS)
    total = next(row for row in rows if row[1] == "TOTAL DES CHARGES")
    assert total[2] == 17500  # a number, not text
    assert sheet.cell(row=rows.index(total) + 1, column=3).number_format == "#,##0.00"
    empty = render_report_html({**report_context(year_period(2030)), "pdf_stamp": "x"})
    # Without a convention the section says so, with no statement.
    assert "Aucune convention ne couvre cette période" in empty
    assert 'class="bilan-financier"' not in empty


def test_a_final_statement_fixes_the_reports_valuation(
    app_ctx, new_convention, make, coordinator, duo
):
    """Section 7 of a period whose statement is final says the amount of its 864, even
    after the hourly rate is changed or hours are logged: it never contradicts section 6."""
    from entraide.conventions import bookkeeping
    from entraide.reports import services as reports
    from entraide.reports.context import report_context
    from entraide.reports.pdf import render_report_html
    from entraide.reports.period import year_period
    from entraide.reports.tables import tables, valuation_rows
    from tests.followups.conftest import log_meeting, start_pairing

    year = year_period(date.today().year)
    convention = new_convention(
        period_start=year.start, period_end=year.end, report_due=None, extension_before=None
    )
    pairing = start_pairing(duo)
    log_meeting(pairing, duo["mentor_user"], 0, volunteer_hours=Decimal("10"))
    amounts = {}
    for row in queries.statement_of(convention).statement.rows:
        if row.label in ("Autres fournitures", "Conseil départemental"):
            amounts[row.line_id] = bookkeeping.LineAmounts(Decimal(1000), Decimal(1000))
        elif row.auto:
            amounts[row.line_id] = bookkeeping.LineAmounts(None, None, "Bénévolat non budgété")
    bookkeeping.save_amounts(coordinator, convention, amounts, convention.version)
    db.session.commit()
    assert build_report(year).valuation_frozen_by == ""  # a draft: today's rate
    bookkeeping.mark_final(coordinator, convention, convention.version)
    db.session.commit()
    assert build_report(year).volunteer_amount == Decimal("202.90")  # 10 h × 20,29 €

    reports.set_hourly_rate(coordinator, Decimal("25"))
    db.session.commit()
    report = build_report(year)
    assert (report.volunteer_hours, report.hourly_rate, report.volunteer_amount) == (
        Decimal("10"),
        Decimal("20.29"),
        Decimal("202.90"),
    )
    assert report.valuation_frozen_by == "convention n° 2024-03658"
    context = report_context(year)
    [(_, _, rows)] = context["statements"]
    frozen = {row[0]: row[3] for row in rows if row[0] in ("864", "870")}
    assert frozen == {"864": Decimal("202.90"), "870": Decimal("202.90")}
    assert valuation_rows(report)[0][3] == Decimal("202.90")
    synthesis = next(t for t in tables(report) if t.name == "Synthèse")
    assert ["Valorisation du bénévolat (€)", Decimal("202.90")] in synthesis.rows
    html = unescape(_visible(render_report_html({**context, "pdf_stamp": "x"})))
    html = html.replace("\u00a0", " ")
    assert (
        "sont valorisées comme dans le bilan financier définitif de la convention n° "
        "2024-03658 : 202,90 € de contributions volontaires en nature, soit 20,29 € "
        "de l'heure." in html
    )

    # Hours logged after the bilan was final: the amount stays, the rate it implies shows.
    log_meeting(pairing, duo["mentee_user"], 0, volunteer_hours=Decimal("4.5"))
    report = build_report(year)
    assert (report.volunteer_hours, report.hourly_rate, report.volunteer_amount) == (
        Decimal("14.5"),
        Decimal("13.99"),
        Decimal("202.90"),
    )
    # A report on a part of the period is not the final statement's: today's rate.
    part = Period(year.start, date.today())
    if part != year:
        assert build_report(part).hourly_rate == Decimal("25.00")
