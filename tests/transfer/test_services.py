"""Applying an import and reading the export, through the services and the commands."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from entraide.core.extensions import db
from entraide.declarations.services import close_need, withdraw_offer
from entraide.demo import load_demo
from entraide.models import AuditEntry, Need, Offer, Organisation
from entraide.organisations.services import archive_organisation, find_by_name
from entraide.transfer.exporting import export_bytes as to_bytes
from entraide.transfer.queries import export_rows
from entraide.transfer.services import apply_plan, import_file, plan_import

DATA = Path(__file__).parent / "data"
CENSUS = DATA / "scic-census-62.import.csv"
SHIPPED_CENSUS = Path(__file__).parents[2] / "entraide" / "data" / "scic-census-62.csv"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def counts() -> tuple[int, int, int, int]:
    return count(Organisation), count(Need), count(Offer), count(AuditEntry)


def apply(text: str, actor=None):
    """Import and commit like the command does when there is no error."""
    outcome = import_file(text.encode("utf-8"), actor)
    if outcome.ok:
        db.session.commit()
    else:
        db.session.rollback()
    return outcome


def export_bytes(file_format: str = "csv", codes: bool = False) -> bytes:
    headers, rows = export_rows(codes=codes)
    return to_bytes(headers, rows, file_format, codes=codes)


def header_of(column: str) -> str:
    """ "B (commune)" -> "commune"."""
    return column.partition("(")[2].rstrip(")") or column


def organisations_seen_by_a_new_context(app) -> int:
    """The count another process would see (the command runs in its own app context)."""
    with app.app_context():
        return count(Organisation)


def wipe() -> None:
    """Empty every table but the themes (what a new installation starts with)."""
    db.session.commit()
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in ("theme", "alembic_version"):
            db.session.execute(table.delete())
    db.session.commit()


def test_import_creates_organisations_and_declarations(make):
    coordinator = make.coordinator()
    outcome = apply(
        "name;commune;sector;needs;needs_text;offers;offers_text;mentor_capacity\n"
        "Le Toit Commun;Lens;Services;subventions|gouvernance;"
        '"subventions : Un dossier\ngouvernance : Préparer l\'AG";'
        "juridique;Passer en SCIC;1\n"
        "Enercoop;Arras;Énergie;;;;;\n",
        coordinator,
    )
    assert outcome.ok, outcome.errors
    summary = outcome.summary
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    assert (summary.needs_added, summary.offers_added) == (2, 1)
    org = find_by_name("le toit commun")
    assert (org.commune_insee, org.sector, org.mentor_capacity) == ("62498", "services", 1)
    assert [(n.theme_code, n.text, n.urgency) for n in org.needs] == [
        ("subventions", "Un dossier", "normal"),
        ("gouvernance", "Préparer l'AG", "normal"),
    ]
    assert [(o.theme_code, o.text) for o in org.offers] == [("juridique", "Passer en SCIC")]
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.actor_id == coordinator.id)
    ).all()
    assert sorted(actions) == ["need.create"] * 2 + ["offer.create"] + ["organisation.create"] * 2


def test_existing_name_is_updated_not_duplicated(make):
    org = make.organisation(
        "Le Rat Perché",
        commune_insee="62041",
        year_created=2017,
        sector="commerce",
        mentor_capacity=1,
        latitude=50.1,
        longitude=2.1,
        town_label="Ailleurs",
    )
    outcome = apply(
        "name,commune,year_created,sector,mentor_capacity,in_difficulty\n"
        "LE RAT PERCHE,Lens,2018,,,oui\n"
    )
    assert outcome.ok, outcome.errors
    assert (outcome.summary.created, outcome.summary.updated) == (0, 1)
    assert count(Organisation) == 1
    db.session.refresh(org)
    assert org.name == "Le Rat Perché"  # the display name is kept
    assert (org.commune_insee, org.latitude, org.longitude, org.town_label) == (
        "62498",
        None,
        None,
        None,
    )  # the location is replaced as a whole
    assert (org.year_created, org.in_difficulty) == (2018, True)
    assert (org.sector, org.mentor_capacity) == ("commerce", 1)  # empty cells keep values


def test_reimport_is_idempotent(make):
    lines = CENSUS.read_text("utf-8").splitlines()
    extra = {"name": ",needs,offers", "Cliss XXI": ",gestion|emploi,numerique"}
    text = "\n".join(line + extra.get(line.split(",")[0], ",,") for line in lines)
    first = apply(text)
    assert first.ok, first.errors
    before = counts()
    second = apply(text)
    assert second.ok
    assert (second.summary.created, second.summary.updated, second.summary.unchanged) == (0, 0, 21)
    assert (second.summary.needs_added, second.summary.offers_added) == (0, 0)
    assert counts() == before


def test_declarations_are_added_only_when_missing(make):
    org = make.organisation("Indelab")
    make.need(org, "gestion")
    closed = make.need(org, "emploi")
    close_need(closed, None, "met")
    withdrawn = make.offer(org, "numerique")
    withdraw_offer(withdrawn, None)
    make.offer(org, "evenementiel")
    db.session.commit()
    outcome = apply(
        "name,commune,needs,offers\nIndelab,Lens,gestion|emploi,numerique|evenementiel\n"
    )
    assert (outcome.summary.needs_added, outcome.summary.offers_added) == (1, 1)
    assert sorted(n.theme_code for n in org.open_needs()) == ["emploi", "gestion"]
    assert sorted(o.theme_code for o in org.active_offers()) == ["evenementiel", "numerique"]


def test_one_bad_row_and_nothing_is_written(make):
    org = make.organisation("Coopconnexion")
    make.need(org)
    before = counts()
    outcome = apply(
        "name,commune,needs\nNouvelle,Arras,gestion\nCoopconnexion,Lens,emploi\n"
        "Mauvaise,Nulle-Part,\n"
    )
    assert [(e.line, e.column) for e in outcome.errors] == [(4, "B (commune)")]
    assert outcome.summary is None
    assert counts() == before


def test_archived_organisation_is_an_error(make):
    org = make.organisation("La Planque")
    archive_organisation(org, None)
    db.session.commit()
    before = counts()
    outcome = apply("name,commune\nAutre,Arras\nla planque,Arras\n")
    assert [(e.line, e.column) for e in outcome.errors] == [(3, "A (name)")]
    assert "archivée" in outcome.errors[0].message
    assert counts() == before


def test_census_fixture_says_what_the_demo_says(app_ctx):
    """The demo reads the real census; the fixture in import format must agree with it."""
    load_demo()
    db.session.commit()
    outcome = apply(CENSUS.read_text("utf-8"))
    assert outcome.ok, outcome.errors
    assert (outcome.summary.created, outcome.summary.unchanged) == (0, 21)
    enercoop = find_by_name("Enercoop")
    assert (enercoop.latitude, enercoop.longitude, enercoop.town) == (50.6292, 3.0573, "Lille")


def test_export_content_in_the_technical_form(make):
    org = make.organisation(
        "=Formule",
        commune_insee=None,
        latitude=48.39,
        longitude=-4.49,
        town_label="Brest",
        contact_email="a@b.fr",
        in_difficulty=True,
        mentor_capacity=3,
        year_created=None,
        member_since=date(2022, 3, 15),
    )
    make.need(org, "gestion", "Texte A")
    make.need(org, "emploi", "Texte A")
    make.need(org, "gestion", "-Texte B")
    closed = make.need(org, "lieu", "Fermé")
    close_need(closed, None, "withdrawn")
    make.offer(org, "numerique", "Offre")
    make.offer(org, "gestion", "")
    archived = make.organisation("Archivée")
    archive_organisation(archived, None)
    db.session.commit()
    headers, rows = export_rows(codes=True)
    assert [row[0] for row in rows] == ["=Formule"]
    row = dict(zip(headers, rows[0], strict=True))
    assert row["commune"] is None and row["postal_code"] is None
    assert (row["lat"], row["lon"], row["town"]) == (48.39, -4.49, "Brest")
    assert (row["in_difficulty"], row["mentor_capacity"], row["year_created"]) == ("oui", 3, None)
    assert row["member_since"] == date(2022, 3, 15)
    assert row["needs"] == "gestion|emploi"
    assert row["needs_text"] == "gestion : Texte A\nemploi : Texte A\ngestion : -Texte B"
    assert (row["offers"], row["offers_text"]) == ("numerique|gestion", "numerique : Offre")
    data = export_bytes(codes=True).decode("utf-8-sig")
    assert data.startswith("name;commune;postal_code;town;lat;lon;status;sector;year_created;")
    assert "'=Formule;" in data and ";-4.49;" in data and ";2022-03-15;" in data


def test_export_in_french_by_default(make):
    org = make.organisation(
        "Cliss XXI",
        commune_insee="62510",
        sector="action_sociale",
        status="projet",
        year_created=2004,
        member_since=date(2022, 3, 15),
        latitude=50.5,
        longitude=2.75,
    )
    make.need(org, "gouvernance", "Préparer l'AG")
    make.need(org, "subventions", "")
    db.session.commit()
    headers, rows = export_rows()
    assert headers[:4] == ["nom", "commune", "code postal", "ville"]
    assert "année de création" in headers and "besoins (textes)" in headers
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["statut"], row["secteur"]) == (
        "Projet (association ou porteur de projet)",
        "Action sociale",
    )
    assert row["besoins"] == "Gouvernance et vie coopérative | Accès aux subventions"
    assert row["besoins (textes)"] == "Gouvernance et vie coopérative : Préparer l'AG"
    text = export_bytes().decode("utf-8-sig")
    assert ";15/03/2022;" in text and ";50,5;2,75;" in text


def test_export_commune_name_and_postal_code(make):
    make.organisation("A", commune_insee="62691")  # Saint-Augustin, two postal codes
    headers, rows = export_rows(codes=True)
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["commune"], row["postal_code"]) == ("Saint-Augustin", "62120")


def _odd_network(make):
    """The demo network and an organisation with every awkward value."""
    load_demo()
    odd = make.organisation(
        "+Plus '=Quote",
        commune_insee="62498",
        in_difficulty=True,
        contact_email="x@y.fr",
        mentor_capacity=20,
        status="projet",
        latitude=-12.5,
        longitude=-45.25,
        town_label="@Ailleurs",
        member_since=date(2022, 3, 15),
    )
    make.need(odd, "juridique", "=SOMME(A1)\r\nDeuxième ligne")
    make.need(odd, "gestion", "Budget : 3 postes\nà trouver")
    make.need(odd, "gestion", "Second besoin de gestion")
    make.need(odd, "emploi", "")
    make.offer(odd, "gestion", "Tableurs")
    make.offer(odd, "numerique", "-1 €")
    db.session.commit()


@pytest.mark.parametrize("codes", [False, True], ids=["french", "codes"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_round_trip_export_wipe_import_export_is_identical(make, file_format, codes):
    _odd_network(make)
    first = export_bytes(file_format, codes)
    wipe()
    outcome = import_file(first, None)
    assert outcome.ok, outcome.errors
    assert outcome.summary.created == 41  # the demo's 40 organisations and the odd one
    db.session.commit()
    odd = find_by_name("+Plus '=Quote")
    assert [(n.theme_code, n.text) for n in odd.open_needs()] == [
        ("juridique", "=SOMME(A1)\nDeuxième ligne"),  # one kind of line break
        ("gestion", "Budget : 3 postes\nà trouver"),
        ("gestion", "Second besoin de gestion"),
        ("emploi", ""),
    ]
    assert odd.member_since == date(2022, 3, 15)
    assert export_bytes(file_format, codes) == first
    # And once more: importing its own export changes nothing.
    again = import_file(first, None)
    assert (again.summary.unchanged, again.summary.needs_added) == (41, 0)


def test_xlsx_export_has_numbers_and_dates_in_cells(make):
    make.organisation("A", commune_insee="62041", year_created=2004, member_since=date(2022, 3, 15))
    db.session.commit()
    sheet = load_workbook(io.BytesIO(export_bytes("xlsx"))).worksheets[0]
    assert sheet.title == "Organisations"
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["année de création"] == 2004
    assert values["membre depuis"] == datetime(2022, 3, 15)
    assert values["commune"] == "Arras"


# --- the plan (what the preview shows) --------------------------------------------------


def test_plan_says_what_will_change_and_writes_nothing(make):
    org = make.organisation("Le Rat Perché", commune_insee="62041", year_created=2017)
    make.need(org, "gestion")
    make.organisation("Inchangée", commune_insee="62498")
    db.session.commit()
    before = counts()
    data = (
        "nom;commune;année de création;membre depuis;besoins;besoins (textes)\n"
        "Nouvelle;Arras;2021;;gestion;Un texte\n"
        "le rat perche;Lens;2017;2022;gestion|emploi;emploi : Recruter\n"
        "Inchangée;Lens;;;;\n"
    ).encode()
    plan = plan_import(data)
    assert plan.ok, plan.errors
    assert [(p.line, p.action) for p in plan.rows] == [
        (2, "create"),
        (3, "update"),
        (4, "unchanged"),
    ]
    created, updated, unchanged = plan.rows
    assert created.needs == [("gestion", "Un texte")]
    assert [(c.label, c.before, c.after) for c in updated.changes] == [
        ("commune", "Arras (62000)", "Lens (62300)"),
        ("membre depuis", "—", "01/01/2022"),
    ]
    assert updated.needs == [("emploi", "Recruter")]  # gestion is already open
    assert plan.expected().sentence() == (
        "1 organisation créée, 1 mise à jour, 1 inchangée ; 2 besoins ajoutés, 0 offre ajoutée."
    )
    db.session.commit()  # nothing pending in the session either
    assert counts() == before
    assert plan_import(data).digest == plan.digest
    make.need(org, "emploi")
    db.session.commit()
    assert plan_import(data).digest != plan.digest  # the database changed: another plan
    summary = apply_plan(plan_import(data), None)
    db.session.commit()
    assert (summary.created, summary.updated, summary.needs_added) == (1, 1, 1)


# --- the commands -----------------------------------------------------------------------


def test_cli_import_export_and_dry_run(app, runner, tmp_path):
    result = runner.invoke(args=["import-orgs", "--dry-run", str(CENSUS)])
    assert result.exit_code == 0, result.output
    assert "Simulation" in result.output and "21 organisations créées" in result.output
    assert "ligne 2 : nouvelle : Cliss XXI" in result.output
    assert organisations_seen_by_a_new_context(app) == 0
    result = runner.invoke(args=["import-orgs", str(CENSUS)])
    assert result.exit_code == 0, result.output
    assert "Import terminé" in result.output and "21 organisations créées" in result.output
    assert organisations_seen_by_a_new_context(app) == 21
    out = tmp_path / "reseau.csv"
    result = runner.invoke(args=["export-orgs", str(out)])
    assert result.exit_code == 0, result.output
    assert "21 organisations exportées." in result.output
    with app.app_context():
        assert out.read_bytes() == export_bytes()
    result = runner.invoke(args=["export-orgs", "-"])
    assert result.stdout_bytes == out.read_bytes()
    result = runner.invoke(args=["export-orgs", "--codes", "-"])
    assert result.stdout_bytes.decode("utf-8-sig").startswith("name;commune;")


def test_cli_imports_the_shipped_census_as_it_is(app, runner):
    result = runner.invoke(args=["import-orgs", str(SHIPPED_CENSUS)])
    assert result.exit_code == 0, result.output
    assert "21 organisations créées" in result.output
    assert "Avertissement : Ligne 5 : « Lille » n'est pas une commune" in result.output
    assert organisations_seen_by_a_new_context(app) == 21


def test_cli_xlsx_by_extension_or_format_and_back(app, runner, tmp_path):
    runner.invoke(args=["import-orgs", str(CENSUS)])
    out = tmp_path / "reseau.xlsx"
    result = runner.invoke(args=["export-orgs", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"PK\x03\x04")
    with app.app_context():
        assert out.read_bytes() == export_bytes("xlsx")
    result = runner.invoke(args=["export-orgs", "--format", "xlsx", "--codes", "-"])
    assert load_workbook(io.BytesIO(result.stdout_bytes)).worksheets[0]["A1"].value == "name"
    result = runner.invoke(args=["import-orgs", str(out)])
    assert result.exit_code == 0, result.output
    assert "21 inchangées" in result.output


@pytest.mark.parametrize(
    "text",
    [
        "name,commune\nA,Arras\nB,Nulle-Part\nC,Arras,\nD,Lens\nA,Arras\n",
    ],
)
def test_cli_errors_exit_non_zero_and_write_nothing(app, runner, tmp_path, text):
    path = tmp_path / "mauvais.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["import-orgs", str(path)])
    assert result.exit_code != 0
    assert "ligne 3, colonne B (commune) : Commune inconnue" in result.output
    assert "ligne 6, colonne A (name) : Nom en double" in result.output
    assert "2 erreurs : rien n'a été importé" in result.output
    assert organisations_seen_by_a_new_context(app) == 0


def test_cli_rejects_a_file_that_is_neither_csv_nor_xlsx(runner, tmp_path):
    path = tmp_path / "reseau.pdf"
    path.write_bytes(b"%PDF-1.4" + bytes(300))
    result = runner.invoke(args=["import-orgs", str(path)])
    assert result.exit_code != 0
    assert "fichier : Ce fichier n'est ni un fichier CSV ni un classeur Excel" in result.output
