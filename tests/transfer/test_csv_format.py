"""Reading the network CSV: pure tests, no app and no database."""

import subprocess
import sys
from pathlib import Path

import pytest

from entraide.themes import THEMES
from entraide.transfer.csv_format import COLUMNS, detect_delimiter, parse_csv

YEAR = 2025  # the "current year" given to the parser, so the tests do not age
DATA = Path(__file__).parent / "data"


def parse(text: str | bytes, **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_csv(data, THEMES, current_year=YEAR, **kw)


def one_row(text: str):
    result = parse(text)
    assert result.errors == []
    assert len(result.rows) == 1
    return result.rows[0]


def test_pure_modules_load_without_flask_or_sqlalchemy():
    code = (
        "import sys, entraide.transfer.csv_format, entraide.transfer.csv_rows; "
        "print(sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert out.stdout.strip() == "[]"


# --- good files ---------------------------------------------------------------------


def test_semicolon_file_with_bom_and_every_column():
    text = (
        "\ufeffname;commune;postal_code;town;lat;lon;status;sector;year_created;"
        "mentor_capacity;in_difficulty;contact_email;needs;needs_text;offers;offers_text\n"
        "Cliss XXI;Liévin;62800;;;;scic;services;2004;2;non;Contact@Cliss21.org;"
        "gouvernance|subventions;Préparer l'AG;numerique;Logiciels libres\n"
    )
    row = one_row(text)
    assert row.name == "Cliss XXI"
    assert row.commune_insee == "62510"
    assert (row.latitude, row.longitude, row.town_label) == (None, None, None)
    assert (row.status, row.sector, row.year_created) == ("scic", "services", 2004)
    assert (row.mentor_capacity, row.in_difficulty) == (2, False)
    assert row.contact_email == "contact@cliss21.org"
    assert row.needs == ("gouvernance", "subventions")
    assert row.needs_text == "Préparer l'AG"
    assert row.offers == ("numerique",)
    assert row.offers_text == "Logiciels libres"


def test_comma_file_any_column_order_and_header_case():
    row = one_row('Sector,Year Created,NAME,Commune\n"Énergie",2011,"Bois, Énergie",62051\n')
    assert (row.name, row.sector, row.year_created) == ("Bois, Énergie", "energie", 2011)
    assert row.commune_insee == "62051"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("name;commune", ";"),
        ("name,commune", ","),
        ("name", ","),
        ("name;commune;note, libre", ";"),
    ],
)
def test_detect_delimiter(header, expected):
    assert detect_delimiter(header + "\nx") == expected


def test_only_name_and_location_columns_leave_the_rest_unset():
    row = one_row("name,commune\nLe Rat Perché,Arras\n")
    assert row.profile() == {
        "commune_insee": "62041",
        "latitude": None,
        "longitude": None,
        "town_label": None,
    }


def test_outside_member_by_lat_lon_with_decimal_comma_and_town():
    row = one_row("name;town;lat;lon\nEnercoop;Lille;50,6292;3.0573\n")
    assert (row.latitude, row.longitude, row.town_label) == (50.6292, 3.0573, "Lille")
    assert row.commune_insee is None


@pytest.mark.parametrize(
    ("commune", "postal", "insee"),
    [
        ("62498", "", "62498"),
        ("Lens", "", "62498"),
        ("lens", "62300", "62498"),
        ("St-Omer", "", "62765"),
        ("Saint-Augustin", "62120", "62691"),  # the one commune with two postal codes
        ("Saint-Augustin", "62129", "62691"),
        ("Hesdin (62140)", "", "62447"),
    ],
)
def test_commune_forms(commune, postal, insee):
    row = one_row(f"name,commune,postal_code\nX,{commune},{postal}\n")
    assert row.commune_insee == insee


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Énergie", "energie"),
        ("energie", "energie"),
        ("ENERGIE", "energie"),
        ("Action sociale", "action_sociale"),
        ("action_sociale", "action_sociale"),
        ("santé", "sante"),
        ("Mobilité", "mobilite"),
    ],
)
def test_sector_code_or_french_label(value, code):
    assert one_row(f"name,commune,sector\nX,Arras,{value}\n").sector == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("oui", True),
        ("Non", False),
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        ("", None),
    ],
)
def test_in_difficulty_values(value, expected):
    assert one_row(f"name,commune,in_difficulty\nX,Arras,{value}\n").in_difficulty is expected


def test_themes_separators_case_accents_and_duplicates():
    row = one_row(
        'name,commune,needs,offers\nX,Arras,"Gouvernance; subventions |gouvernance",Numérique|\n'
    )
    assert row.needs == ("gouvernance", "subventions")
    assert row.offers == ("numerique",)


def test_status_code_or_label():
    assert one_row("name,commune,status\nX,Arras,Projet\n").status == "projet"
    assert one_row("name,commune,status\nX,Arras,SCIC\n").status == "scic"
    full_label = "name,commune,status\nX,Arras,Projet (association ou porteur de projet)\n"
    assert one_row(full_label).status == "projet"


def test_unknown_columns_are_warnings():
    result = parse("name,commune,siret,\nX,Arras,123,\n")
    assert result.ok and len(result.rows) == 1
    assert result.warnings == ["Colonne inconnue, ignorée : « siret »."]


def test_formula_escaped_cells_are_read_back():
    row = one_row(
        "name;commune;lat;lon;needs_text;needs\n"
        "'=HYPERLINK(\"x\");Arras;'-1.5;'+2;''=texte;gestion\n"
    )
    assert row.name == '=HYPERLINK("x")'
    assert (row.latitude, row.longitude) == (-1.5, 2.0)
    assert row.needs_text == "'=texte"


def test_blank_lines_are_skipped_but_counted():
    result = parse("name,commune\n\nX,Arras\n,\nY,Nowhere\n\n")
    assert [row.line for row in result.rows] == [3]
    assert [(e.line, e.column) for e in result.errors] == [(5, "commune")]


def test_multiline_cell():
    row = one_row('name,commune,needs,needs_text\nX,Arras,gestion,"ligne 1\nligne 2"\n')
    assert row.needs_text == "ligne 1\nligne 2"


def test_lines_shorter_than_the_header_are_padded():
    assert one_row("name,commune,year_created\nX,Arras\n").year_created is None


def test_census_fixture_in_import_format():
    result = parse((DATA / "scic-census-62.import.csv").read_bytes())
    assert result.errors == [] and result.warnings == []
    rows = {row.name: row for row in result.rows}
    assert len(rows) == 21
    assert (rows["Enercoop"].latitude, rows["Enercoop"].longitude) == (50.6292, 3.0573)
    assert rows["Enercoop"].town_label == "Lille"
    assert rows["Citiz"].commune_insee == "62041"  # Arras
    assert rows["Citiz"].town_label == "Lille - Arras"
    assert rows["Mas La Croisée"].sector == "action_sociale"
    assert rows["Seed Com'Developpement"].year_created is None


def test_the_real_census_is_not_in_the_import_format():
    census = Path(__file__).parents[2] / "entraide" / "data" / "scic-census-62.csv"
    result = parse(census.read_bytes())
    assert [(e.line, e.column) for e in result.errors] == [(1, "commune")]
    assert result.warnings == []  # "town" is a known (optional) column


# --- bad files ----------------------------------------------------------------------

HEADER = (
    "name,commune,postal_code,lat,lon,sector,status,year_created,mentor_capacity,"
    "in_difficulty,contact_email,needs,needs_text,offers,offers_text"
)


def line(**cells) -> str:
    """A data line under HEADER, with a valid name and commune unless given."""
    values = {"name": "Coop", "commune": "Arras"} | cells
    return ",".join(str(values.get(column, "")) for column in HEADER.split(","))


BAD_ROWS = [
    ("unknown commune", line(commune="Nowhere"), "commune", "Commune inconnue"),
    ("no commune nor lat/lon", line(commune=""), "commune", "Indiquez une commune"),
    ("postal code mismatch", line(postal_code="62300"), "postal_code", "ne correspond pas"),
    ("postal code malformed", line(postal_code="6200"), "postal_code", "5 chiffres"),
    (
        "postal code without commune",
        line(commune="", lat=50, lon=3, postal_code="62000"),
        "postal_code",
        "sans commune",
    ),
    ("unknown theme", line(needs="gouvernance|bricolage"), "needs", "« bricolage »"),
    ("unknown offer theme", line(offers="jardinage"), "offers", "Thème inconnu"),
    ("unknown sector", line(sector="Aéronautique"), "sector", "Secteur inconnu"),
    ("unknown status", line(status="sarl"), "status", "Statut inconnu"),
    ("negative capacity", line(mentor_capacity=-1), "mentor_capacity", "entre 0 et 20"),
    ("capacity above the form's max", line(mentor_capacity=21), "mentor_capacity", "entre 0 et 20"),
    ("decimal capacity", line(mentor_capacity="1.5"), "mentor_capacity", "Nombre entier"),
    ("year in the future", line(year_created=YEAR + 1), "year_created", "entre 1844"),
    ("year before 1844", line(year_created=1843), "year_created", "entre 1844"),
    ("non-numeric year", line(year_created="deux mille"), "year_created", "Nombre entier"),
    ("non-numeric latitude", line(commune="", lat="abc", lon=3), "lat", "Nombre attendu"),
    ("latitude not a number", line(commune="", lat="nan", lon=3), "lat", "Nombre attendu"),
    ("latitude out of range", line(commune="", lat=95, lon=3), "lat", "entre -90 et 90"),
    ("longitude out of range", line(commune="", lat=50, lon=-181), "lon", "-180"),
    ("lat without lon", line(lat=50), "lon", "ensemble"),
    ("lon without lat", line(lon=3), "lat", "ensemble"),
    ("invalid email", line(contact_email="contact@"), "contact_email", "invalide"),
    ("email without @", line(contact_email="contact.fr"), "contact_email", "invalide"),
    ("bad boolean", line(in_difficulty="peut-être"), "in_difficulty", "oui ou non"),
    ("text without theme", line(offers_text="Conseils"), "offers_text", "sans thème"),
    ("text too long", line(needs="gestion", needs_text="x" * 2001), "needs_text", "trop long"),
    ("name too long", line(name="N" * 201), "name", "trop long"),
    ("empty name", line(name=""), "name", "obligatoire"),
    ("punctuation-only name", line(name="--"), "name", "obligatoire"),
    ("more cells than columns", line() + ",en trop", "", "valeurs pour 15 colonnes"),
]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [case[1:] for case in BAD_ROWS],
    ids=[case[0] for case in BAD_ROWS],
)
def test_bad_row(row, column, message):
    result = parse(f"{HEADER}\n{line(name='Bonne')}\n{row}\n")
    assert [r.line for r in result.rows] == [2]
    assert [(e.line, e.column) for e in result.errors] == [(3, column)]
    assert message in result.errors[0].message


def test_every_bad_cell_of_every_line_is_reported():
    result = parse(
        f"{HEADER}\n{line(commune='Nowhere', sector='x')}\n{line(name='B')}\n"
        f"{line(name='C', year_created=1700)}\n"
    )
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "commune"),
        (2, "sector"),
        (4, "year_created"),
    ]


def test_duplicate_names_after_normalisation():
    result = parse("name,commune\nCliss XXI,Liévin\nLa Planque,Arras\ncliss-xxi ,Lens\n")
    assert [(e.line, e.column) for e in result.errors] == [(4, "name")]
    assert "déjà à la ligne 2" in result.errors[0].message


BAD_FILES = [
    ("latin-1", "name,commune\nCafé,Arras\n".encode("latin-1"), 2, "UTF-8"),
    ("utf-16", "name,commune\nX,Arras\n".encode("utf-16"), None, "UTF-16"),
    ("empty", b"", None, "vide"),
    ("only spaces", b" \r\n \n", None, "vide"),
    ("only a BOM", b"\xef\xbb\xbf", None, "vide"),
    ("xlsx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), None, "pas un fichier texte"),
    ("binary with NUL", b"name,commune\n\x00\x01\x02", None, "pas un fichier texte"),
    ("header only", b"name,commune\r\n", None, "aucune organisation"),
    ("missing name column", b"nom,commune\nX,Arras\n", 1, "« name » manquante"),
    ("missing commune column", b"name,year_created\nX,2020\n", 1, "« commune » manquante"),
    ("lat column without lon", b"name,commune,lat\nX,Arras,\n", 1, "vont ensemble"),
    ("duplicate column", b"name,commune,Name\nX,Arras,Y\n", 1, "deux fois"),
    (
        "field too large",
        b'name,commune,needs_text\nX,Arras,"' + b"x" * 200_000 + b'"\n',
        2,
        "mal formé",
    ),
]


@pytest.mark.parametrize(
    ("data", "line_number", "message"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_bad_file(data, line_number, message):
    result = parse(data)
    assert result.rows == []
    assert len(result.errors) >= 1
    assert result.errors[0].line == line_number
    assert message in result.errors[0].message


def test_columns_are_the_export_order():
    assert COLUMNS[0] == "name"
    assert set(HEADER.split(",")) <= set(COLUMNS)
