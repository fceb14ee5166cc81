"""The report as the funder reads it: the PDF's cover (convention, logo, article 7's
mention), its page numbers and axes; the spreadsheet's cover sheet, numbers and widths; the
zip of every table as CSV; the coordination's narrative per axis (page, bad input)."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from entraide.conventions import services as conventions
from entraide.core.extensions import db
from entraide.models import AuditEntry, AxisNarrative, Convention
from entraide.reports import narratives
from entraide.reports.exports import pdf_bytes, xlsx_bytes, zip_bytes
from entraide.reports.files import file_tables
from entraide.reports.period import year_period
from entraide.reports.wording import support_sentence
from tests.branding.test_images import png
from tests.web.helpers import text_of

YEAR = date.today().year
PERIOD = year_period(YEAR)
URL = "/tableau-de-bord/"
MENTION = "Action soutenue par le Département du Pas-de-Calais à hauteur de 17\u202f500\u00a0€"


@pytest.fixture
def agreement(network):
    """This year's agreement, 17 500 € (the 2024 one's amount and wording)."""
    db.session.execute(db.delete(Convention))
    conventions.create_convention(
        None,
        conventions.ConventionData(
            funder="Département du Pas-de-Calais",
            reference="2024-03658",
            decision="Commission Permanente du 27 mai 2024",
            beneficiary="Cliss XXI",
            title="Renforcement de l'animation du Réseau des SCIC du Pas-de-Calais",
            period_start=date(YEAR, 1, 1),
            period_end=date(YEAR, 12, 31),
            aid_amount=Decimal("17500"),
        ),
    )
    db.session.commit()
    return network


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def test_the_support_mention_is_worded_as_article_7():
    assert support_sentence(Decimal("17500")) == MENTION
    assert support_sentence(Decimal("35280.50")).endswith("35\u202f280,50\u00a0€")
    assert support_sentence(None) == "Action soutenue par le Département du Pas-de-Calais"


def test_the_pdf_opens_on_its_cover_and_numbers_every_page(agreement, app_ctx):
    from entraide.branding.services import set_logo

    set_logo(None, png(), "62, Pas-de-Calais Mon Département")
    narratives.save(None, YEAR, 2, {"results": "RESULTATS-AXE-2 trente élus formés"})
    db.session.commit()
    with app_ctx.test_request_context():
        data = pdf_bytes(PERIOD)
    pages = _pdf_pages(data)
    cover = pages[0]
    for expected in (
        "Bilan final d'exécution",
        "2024-03658",
        "Commission Permanente du 27",
        "Cliss XXI",
        f"année {YEAR}",
    ):
        assert expected in cover, expected
    assert "Département du Pas-de-Calais à hauteur de 17" in cover
    # The logo is drawn from its own bytes: the cover holds an image.
    assert list(PdfReader(io.BytesIO(data)).pages[0].images)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} sur {len(pages)}" in text, number
    whole = "\n".join(pages)
    for axis in (1, 2, 3, 4):
        assert f"Axe {axis} –" in whole
    assert "RESULTATS-AXE-2" in whole and "Résultats obtenus" in whole


def test_the_fetcher_reads_the_logos_data_uri_and_no_other(app):
    from entraide.reports.pdf import own_files_fetcher

    fetcher = own_files_fetcher([])
    response = fetcher.fetch("data:image/png;base64,iVBORw0KGgo=")
    assert response.read().startswith(b"\x89PNG")
    response.close()
    for url in ("data:text/html;base64,PGI+eDwvYj4=", "data:,hello", "data:image/gif;base64,R0"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_spreadsheet_opens_on_a_cover_and_holds_numbers(agreement, app_ctx):
    narratives.save(None, YEAR, 1, {"conditions": '=HYPERLINK("http://x")'})
    db.session.commit()
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(PERIOD)))
    assert workbook.sheetnames[0] == "Couverture"
    assert {"Témoignages", "Conditions et résultats par axe"} <= set(workbook.sheetnames)
    cover = {row[0]: row[1] for row in workbook["Couverture"].iter_rows(values_only=True)}
    assert cover["Aide du Département"] == 17500
    assert MENTION in cover["Mention du soutien (article 7)"]
    synthesis = {row[0]: row[1] for row in workbook["Synthèse"].iter_rows(values_only=True)}
    assert synthesis["Organisations membres en fin de période"] == 3
    assert isinstance(synthesis["Heures de bénévolat"], float)
    for sheet in workbook:  # every sheet has its widths set
        assert sheet.column_dimensions["A"].width >= 8, sheet.title
    narrative = list(workbook["Conditions et résultats par axe"].iter_rows(values_only=True))
    assert narrative[1][2] == '\'=HYPERLINK("http://x")'  # text, not a formula


def test_the_zip_holds_one_csv_per_table(agreement, login_as):
    client = login_as(agreement["viewer"])
    response = client.get(URL + "bilan-csv.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "-csv.zip" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    with client.application.app_context():
        expected = [table.slug for table in file_tables(PERIOD)]
    assert [name.split("-", 1)[1].removesuffix(".csv") for name in names] == expected
    assert len(names) == len(set(names))
    for slug in ("actions-par-axe", "actions-datees", "pieces-justificatives"):
        assert sum(name.endswith(f"-{slug}.csv") for name in names) == 1, slug
    for name in names:
        data = archive.read(name)
        assert data.startswith("\ufeff".encode())
        assert ";" in data.decode("utf-8-sig").splitlines()[0], name
    cover = archive.read(names[0]).decode("utf-8-sig")
    assert "2024-03658" in cover and "Solde" not in cover
    assert not any("Solde" in archive.read(name).decode("utf-8-sig") for name in names)


def test_the_zip_from_the_command_line(agreement, app_ctx, tmp_path):
    from entraide.reports.cli import report_command

    target = tmp_path / "bilan.zip"
    result = app_ctx.test_cli_runner().invoke(
        report_command,
        ["--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31", "--output", str(target)],
    )
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(target).namelist()[0] == "01-couverture.csv"
    assert zip_bytes(PERIOD) == target.read_bytes()  # same data, same file


def test_the_coordination_writes_an_axis_narrative(agreement, login_as):
    client = login_as(agreement["coordinator"])
    page = client.get(URL + f"bilan/{YEAR}/axes")
    assert page.status_code == 200
    assert "Axe 4 – Communication" in text_of(page)
    response = client.post(
        URL + f"bilan/{YEAR}/axes/3",
        data={"axe3-conditions": " Deux stands ", "axe3-perspectives": "Un forum étudiant"},
    )
    assert response.status_code == 302
    row = db.session.scalar(db.select(AxisNarrative).filter_by(year=YEAR, axis=3))
    assert (row.conditions, row.results, row.perspectives) == (
        "Deux stands",
        "",
        "Un forum étudiant",
    )
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="report.narrative"))
    assert "Deux stands" in text_of(client.get(URL + f"bilan/{YEAR}/axes"))


@pytest.mark.parametrize(
    ("path", "data", "status"),
    [
        (f"bilan/{YEAR}/axes/3", {"axe3-results": "x" * 5001}, 422),
        (f"bilan/{YEAR}/axes/5", {"axe5-results": "x"}, 404),
        ("bilan/1999/axes/1", {"axe1-results": "x"}, 404),
    ],
)
def test_bad_narratives_write_nothing(agreement, login_as, path, data, status):
    client = login_as(agreement["coordinator"])
    before = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    response = client.post(URL + path, data=data)
    assert response.status_code == status
    if status == 422:
        assert "trop long : 5\u202f000 caractères au plus" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(AxisNarrative.id))) == 0
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == before


def test_the_funder_cannot_write_a_narrative(agreement, login_as):
    client = login_as(agreement["viewer"])
    assert client.get(URL + f"bilan/{YEAR}/axes").status_code == 403
    assert client.post(URL + f"bilan/{YEAR}/axes/1", data={"axe1-results": "x"}).status_code == 403
    assert db.session.scalar(db.select(db.func.count(AxisNarrative.id))) == 0


def test_the_meetings_are_listed_by_date_without_their_notes(agreement, app_ctx):
    from entraide.models import GroupMeeting

    meeting = db.session.scalar(db.select(GroupMeeting))
    meeting.place = "Salle des fêtes de Lens"
    meeting.topics = "NOTES-PRIVEES-5512"
    db.session.commit()
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(PERIOD)))
    rows = list(workbook["Liste des rencontres de groupe"].iter_rows(values_only=True))
    assert rows[0] == ("Date", "Type", "Groupe", "Lieu", "Accueil", "Organisations présentes")
    assert rows[1][0] == meeting.held_on.strftime("%d/%m/%Y")
    assert rows[1][3:] == ("Salle des fêtes de Lens", "Vieux Chêne", 2)
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(PERIOD)))
    texts = [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]
    assert any("Salle des fêtes de Lens" in text for text in texts)
    assert not any("NOTES-PRIVEES" in text for text in texts)


@pytest.mark.parametrize(("year", "axis"), [(YEAR, 5), (YEAR, 0), (1999, 1)])
def test_the_database_refuses_an_axis_or_year_out_of_bounds(app_ctx, year, axis):
    from sqlalchemy.exc import IntegrityError

    db.session.add(AxisNarrative(year=year, axis=axis))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_one_narrative_per_year_and_axis(app_ctx):
    narratives.save(None, YEAR, 1, {"results": "Premier texte"})
    narratives.save(None, YEAR, 1, {"results": "Texte corrigé"})
    db.session.commit()
    rows = db.session.scalars(db.select(AxisNarrative)).all()
    assert [(row.axis, row.results) for row in rows] == [(1, "Texte corrigé")]
    db.session.execute(db.delete(AxisNarrative))
    db.session.commit()
