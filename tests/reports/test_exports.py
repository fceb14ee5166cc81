"""The report's files (PDF, XLSX, CSV), the CLI, the writers and the charts."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from entraide.core.extensions import db
from entraide.reports import services
from entraide.reports.charts import bar_chart
from entraide.reports.context import report_context
from entraide.reports.exports import csv_chunks, pdf_bytes, xlsx_bytes
from entraide.reports.pdf import render_report_html
from entraide.reports.period import year_period
from entraide.reports.xlsx import write_xlsx
from entraide.text import format_number
from tests.reports.test_web import PRIVATE

THIS_YEAR = year_period(date.today().year)
SHEETS = [
    "Synthèse",
    "Organisations par statut",
    "Organisations par secteur",
    "Organisations par EPCI",
    "Par territoire",
    "Besoins et offres par thème",
    "Ateliers proposés",
    "Parrainages par statut",
    "Propositions non abouties",
    "Durées et délais",
    "Satisfaction des parrainages",
    "Rencontres de parrainage",
    "Rencontres de groupe",
    "Appels à l'entraide",
    "Entraide par SCIC",
    "Valorisation du bénévolat",
]
# Every sheet, in the order of the files (the actions' tables once each, the annex last).
ALL_SHEETS = [
    "Couverture",
    *SHEETS,
    "Actions par axe",
    "Actions datées",
    "Liste des rencontres de groupe",
    "Conditions et résultats par axe",
    "Témoignages",
    "Pièces justificatives",
]


def test_xlsx_has_one_sheet_per_table_and_is_reproducible(network):
    data = xlsx_bytes(THIS_YEAR)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    # The cover first, then the tables, the axes' actions, the narratives, the approved
    # testimonies and the annex (no convention covers this year: no financial statement).
    assert workbook.sheetnames == ALL_SHEETS
    rows = list(workbook["Valorisation du bénévolat"].iter_rows(values_only=True))
    # One valuation, read once: its amount and the two accounts it balances.
    assert len(rows) == 2
    assert rows[1][3] == pytest.approx(152.18)
    assert rows[1][4:] == ("864 – Personnel bénévole", "870 – Bénévolat")
    assert xlsx_bytes(THIS_YEAR) == data


def test_xlsx_writer_escapes_formulas_and_odd_sheet_names():
    data = write_xlsx([("a/b", ["=titre"], [["=1+1", 2, None]]), ("A/B", ["x"], [])])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["a b", "A B (2)"]
    sheet = workbook["a b"]
    assert sheet["A1"].value == "'=titre"
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"


def test_pdf_has_the_mention_and_no_private_data(network, app_ctx):
    context = report_context(THIS_YEAR)
    html = render_report_html({**context, "pdf_stamp": "2026-12-31T00:00:00"})
    assert "62 Pas-de-Calais, Mon Département" in html
    assert "Bilan final d'exécution" in html
    for secret in PRIVATE:
        assert secret not in html, secret
    data = pdf_bytes(THIS_YEAR)
    assert data.startswith(b"%PDF")
    assert len(data) > 5_000
    assert pdf_bytes(THIS_YEAR) == data  # same data, same file


def test_the_pdf_prints_each_figure_once_the_files_keep_every_table(network, app_ctx):
    """A table that repeats a chart (sectors, parrainages by situation) or section 5's
    list (workshops) is not printed; its sheet stays in the spreadsheet."""
    html = render_report_html({**report_context(THIS_YEAR), "pdf_stamp": "2026-12-31"})
    for name in ("Organisations par secteur", "Parrainages par statut", "Ateliers proposés"):
        assert f">{name}</caption>" not in html, name
    assert "Organisations membres par secteur" in html  # the chart
    assert ">Organisations par EPCI</caption>" in html  # a table no chart repeats
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(THIS_YEAR)))
    assert {"Organisations par secteur", "Parrainages par statut", "Ateliers proposés"} <= set(
        workbook.sheetnames
    )


def test_pdf_names_the_conventions_covering_its_period(network, app_ctx):
    """The aid is each convention's: a year names its agreement, a period across two
    names both, a period without any says the convention is still to be given."""
    from entraide.conventions import services as conventions
    from entraide.models import Convention
    from entraide.reports.period import Period

    def html_of(period):
        return render_report_html({**report_context(period), "pdf_stamp": "x"})

    db.session.execute(db.delete(Convention))  # the migration's 2024 agreement, if still there
    db.session.commit()
    assert "convention à préciser" in html_of(year_period(2024))
    for reference, start, end, amount in (
        ("2021-05918", date(2022, 1, 1), date(2023, 12, 31), "35280"),
        ("2024-03658", date(2024, 1, 1), date(2024, 12, 31), "17500"),
    ):
        conventions.create_convention(
            None,
            conventions.ConventionData(
                funder="Département du Pas-de-Calais",
                reference=reference,
                beneficiary="Cliss XXI",
                title="Réseau des SCIC",
                period_start=start,
                period_end=end,
                aid_amount=Decimal(amount),
            ),
        )
    db.session.commit()
    assert "convention n° 2024-03658, aide de 17\u202f500,00\u00a0€" in html_of(year_period(2024))
    across = html_of(Period(date(2023, 7, 1), date(2024, 6, 30)))
    assert (
        "conventions n° 2021-05918 (35\u202f280,00\u00a0€) et n° 2024-03658 "
        "(17\u202f500,00\u00a0€)" in across
    )
    assert "convention à préciser" in html_of(year_period(2025))


def test_selected_highlights_reach_the_report(network, app_ctx):
    services.add_highlight(None, THIS_YEAR.year, "Nous avons appris à tenir une AG", "Une SCIC")
    db.session.commit()
    html = render_report_html({**report_context(THIS_YEAR), "pdf_stamp": "x"})
    assert "Nous avons appris à tenir une AG" in html


def test_csv_chunks_write_headers_once():
    rows = [[str(i), "=x"] for i in range(1203)]
    data = b"".join(csv_chunks(["a", "b"], rows)).decode("utf-8-sig")
    lines = data.split("\r\n")
    assert lines[0] == "a;b"
    assert len(lines) == 1 + 1203 + 1  # headers, rows, the last CRLF
    assert lines[1] == "0;'=x"
    assert lines[-2] == "1202;'=x"


@pytest.mark.parametrize("extension", ["pdf", "xlsx", "csv"])
def test_cli_writes_each_format(network, runner, tmp_path, extension):
    output = tmp_path / f"bilan.{extension}"
    year = date.today().year
    result = runner.invoke(
        args=["report", "--from", f"{year}-01-01", "--to", f"{year}-12-31", "--output", output]
    )
    assert result.exit_code == 0, result.output
    data = output.read_bytes()
    if extension == "pdf":
        assert data.startswith(b"%PDF")
    elif extension == "xlsx":
        assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ALL_SHEETS
    else:
        assert "Vieux Chêne;1;0;1;0\r\n" in data.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "bilan.txt"], "Format inconnu"),
        (["--from", "2025-02-01", "--to", "2025-01-01", "--output", "b.csv"], "date de fin"),
        (["--from", "hier", "--output", "b.csv"], "Date de début invalide"),
    ],
)
def test_cli_errors_are_french_and_exit_1(app_ctx, runner, args, message):
    result = runner.invoke(args=["report", *args])
    assert result.exit_code == 1
    assert "Erreur :" in result.output and message in result.output


def test_bar_chart_is_accessible_and_csp_safe():
    svg = bar_chart([("A <b>", 3), ("Zéro", 0), ("B", 1.5)], title="T & co", chart_id="g 1")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="g1-titre">T &amp; co</title>' in svg
    assert "A &lt;b&gt; : 3; B : 1,5" in svg
    assert "style=" not in svg and 'fill="' in svg
    assert bar_chart([("x", 0)], title="t", chart_id="v") == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234, "1\u202f234"),
        (Decimal("152.18"), "152,18"),
        (Decimal("7.50"), "7,50"),
        (Decimal("150.00"), "150"),
        (2.0, "2"),
        (0.5, "0,5"),
    ],
)
def test_format_number(value, text):
    assert format_number(value) == text


def test_each_chart_has_its_title_above_it_in_the_pdf(network, app_ctx):
    html = render_report_html({**report_context(THIS_YEAR), "pdf_stamp": "x"})
    caption = '<figure class="chart"><figcaption>Organisations membres par secteur</figcaption>'
    assert caption + "<svg" in html
    # A chart with nothing to draw leaves neither an empty figure nor its title.
    assert html.count('<figure class="chart">') == html.count('class="graphique"')


def test_the_pdf_fetcher_reads_only_the_apps_own_files(app, tmp_path):
    from pathlib import Path

    from entraide.reports.pdf import PDF_CSS, own_files_fetcher

    css = Path(app.template_folder) / PDF_CSS
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    fetcher = own_files_fetcher([css.parent])

    response = fetcher.fetch(css.as_uri())
    assert response.read() == css.read_bytes()
    response.close()
    for url in (
        outside.as_uri(),
        (css.parent / ".." / ".." / "README.md").resolve().as_uri(),
        "http://127.0.0.1:9/x.png",
        "https://example.org/logo.png",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_pdf_with_a_foreign_image_renders_without_fetching_it(app, monkeypatch):
    from weasyprint import URLFetcher

    from entraide.reports import pdf

    opened = []
    real_fetch = URLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        opened.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", recording_fetch)
    original = pdf.render_report_html
    monkeypatch.setattr(
        pdf,
        "render_report_html",
        lambda context: original(context).replace(
            "</body>", '<img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd"></body>'
        ),
    )
    with app.test_request_context():
        data = pdf_bytes(THIS_YEAR)
    assert data.startswith(b"%PDF")
    assert not [url for url in opened if "passwd" in url or url.startswith("http")]
