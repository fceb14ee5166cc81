"""Applying an import and reading the export, through the services and the commands."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from entraide.core.csvcells import write_csv
from entraide.core.extensions import db
from entraide.declarations.services import close_need, withdraw_offer
from entraide.demo import load_demo
from entraide.models import AuditEntry, Need, Offer, Organisation
from entraide.organisations.services import archive_organisation, find_by_name
from entraide.transfer.queries import export_rows
from entraide.transfer.services import import_file

DATA = Path(__file__).parent / "data"
CENSUS = DATA / "scic-census-62.import.csv"


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


def export_bytes() -> bytes:
    headers, rows = export_rows()
    return write_csv(headers, rows)


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
        "Le Toit Commun;Lens;Services;subventions|gouvernance;Préparer l'AG;"
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
        ("subventions", "Préparer l'AG", "normal"),
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
    assert [(e.line, e.column) for e in outcome.errors] == [(4, "commune")]
    assert outcome.summary is None
    assert counts() == before


def test_archived_organisation_is_an_error(make):
    org = make.organisation("La Planque")
    archive_organisation(org, None)
    db.session.commit()
    before = counts()
    outcome = apply("name,commune\nAutre,Arras\nla planque,Arras\n")
    assert [(e.line, e.column) for e in outcome.errors] == [(3, "name")]
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


def test_export_content(make):
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
    )
    make.need(org, "gestion", "Texte A")
    make.need(org, "emploi", "Texte A")
    make.need(org, "gestion", "-Texte B")
    closed = make.need(org, "lieu", "Fermé")
    close_need(closed, None, "withdrawn")
    make.offer(org, "numerique", "Offre")
    archived = make.organisation("Archivée")
    archive_organisation(archived, None)
    db.session.commit()
    headers, rows = export_rows()
    assert [row[0] for row in rows] == ["=Formule"]
    row = dict(zip(headers, rows[0], strict=True))
    assert row["commune"] is None and row["postal_code"] is None
    assert (row["lat"], row["lon"], row["town"]) == (48.39, -4.49, "Brest")
    assert (row["in_difficulty"], row["mentor_capacity"], row["year_created"]) == ("oui", 3, None)
    assert (row["needs"], row["needs_text"]) == ("gestion|emploi", "Texte A\n-Texte B")
    assert (row["offers"], row["offers_text"]) == ("numerique", "Offre")
    data = export_bytes().decode("utf-8-sig")
    assert "'=Formule;" in data and ";-4.49;" in data
    assert '"Texte A\n-Texte B"' in data  # only a cell's first character can start a formula


def test_export_commune_name_and_postal_code(make):
    make.organisation("A", commune_insee="62691")  # Saint-Augustin, two postal codes
    headers, rows = export_rows()
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["commune"], row["postal_code"]) == ("Saint-Augustin", "62120")


def test_round_trip_export_wipe_import_export_is_identical(make):
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
    )
    make.need(odd, "juridique", "=SOMME(A1)\r\nDeuxième ligne")
    make.offer(odd, "gestion", "\tTabulée")  # edge spaces are dropped by the import
    first = export_bytes()
    wipe()
    outcome = import_file(first, None)
    assert outcome.ok, outcome.errors
    assert outcome.summary.created == 22
    db.session.commit()
    second = export_bytes()
    assert second == first.replace(b"'\tTabul", b"Tabul")


def test_cli_import_export_and_dry_run(app, runner, tmp_path):
    result = runner.invoke(args=["import-orgs", "--dry-run", str(CENSUS)])
    assert result.exit_code == 0, result.output
    assert "Simulation" in result.output and "21 organisations créées" in result.output
    assert organisations_seen_by_a_new_context(app) == 0
    result = runner.invoke(args=["import-orgs", str(CENSUS)])
    assert result.exit_code == 0, result.output
    assert "Import terminé" in result.output and "21 organisations créées" in result.output
    assert organisations_seen_by_a_new_context(app) == 21
    out = tmp_path / "reseau.csv"
    result = runner.invoke(args=["export-orgs", str(out)])
    assert result.exit_code == 0, result.output
    assert "21 organisations exportées" in result.output
    with app.app_context():
        assert out.read_bytes() == export_bytes()
    result = runner.invoke(args=["export-orgs", "-"])
    assert result.stdout_bytes == out.read_bytes()


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
    assert "ligne 3, colonne commune : Commune inconnue" in result.output
    assert "ligne 6, colonne name : Nom en double" in result.output
    assert "2 erreurs : rien n'a été importé" in result.output
    assert organisations_seen_by_a_new_context(app) == 0


def test_cli_rejects_binary_file(runner, tmp_path):
    path = tmp_path / "reseau.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(300))
    result = runner.invoke(args=["import-orgs", str(path)])
    assert result.exit_code != 0
    assert "fichier : Ce fichier n'est pas un fichier texte" in result.output
