"""Reading the organisations file (CSV or XLSX): pure tests, no app and no database."""

import io
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from entraide.themes import THEMES
from entraide.transfer.columns import COLUMNS, HEADERS, column_letter, recognise
from entraide.transfer.parsing import parse_file
from entraide.transfer.reading import detect_delimiter

TODAY = date(2025, 6, 30)  # the parser's "today", so the tests do not age
YEAR = TODAY.year
DATA = Path(__file__).parent / "data"
CENSUS = Path(__file__).parents[2] / "entraide" / "data" / "scic-census-62.csv"


def parse(text: str | bytes, **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_file(data, THEMES, today=TODAY, **kw)


def one_row(text: str | bytes):
    result = parse(text)
    assert result.errors == []
    assert len(result.rows) == 1
    return result.rows[0]


def header_of(column: str) -> str:
    """ "B (commune)" -> "commune": the header an error names."""
    match = re.fullmatch(r"[A-Z]+ \((.*)\)", column)
    return match[1] if match else column


def where(result) -> list[tuple]:
    return [(e.line, header_of(e.column)) for e in result.errors]


def xlsx(rows, *, second_sheet=None, merged=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    if second_sheet:
        other = workbook.create_sheet("Autre")
        for row in second_sheet:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_pure_modules_load_without_flask_or_sqlalchemy():
    code = (
        "import sys, entraide.transfer.parsing, entraide.transfer.rows, "
        "entraide.transfer.reading, entraide.transfer.columns; "
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


# --- what coordinators have -----------------------------------------------------------

EXCEL_FRENCH = (
    "Nom;Commune;Code postal;Statut;Secteur;Année de création;Membre depuis;"
    "Capacité de parrainage;En difficulté;Courriel de contact;Besoins;Besoins (textes);"
    "Offres;Offres (textes)\r\n"
    "Cœur d'Épicerie;Liévin;62800;SCIC;Énergie;2004;15/03/2022;2;non;Contact@Coeur.fr;"
    "Gouvernance et vie coopérative | Accès aux subventions;"
    "\"Gouvernance et vie coopérative : Préparer l'AG – 1 000 €\r\n"
    'Accès aux subventions : Dossier régional\r\nsuite du dossier";'
    "Outils numériques et logiciels libres;Logiciels libres\r\n"
    "Le Rat Perché;Arras;;Projet;Commerce;?;2022;;oui;;;;;\r\n"
)


def test_windows_1252_csv_with_french_headers_as_excel_saves_it():
    data = EXCEL_FRENCH.encode("cp1252")
    assert b"\r\n" in data and b"\x80" in data and b"\x9c" in data  # € and œ of cp1252
    result = parse(data)
    assert result.errors == [] and result.warnings == []
    assert (result.kind, result.encoding) == ("csv", "Windows-1252")
    coeur, rat = result.rows
    assert coeur.name == "Cœur d'Épicerie"
    assert (coeur.commune_insee, coeur.status, coeur.sector) == ("62510", "scic", "energie")
    assert (coeur.year_created, coeur.member_since) == (2004, date(2022, 3, 15))
    assert (coeur.mentor_capacity, coeur.in_difficulty) == (2, False)
    assert coeur.contact_email == "contact@coeur.fr"
    assert coeur.needs == (
        ("gouvernance", "Préparer l'AG – 1 000 €"),
        ("subventions", "Dossier régional\nsuite du dossier"),  # one kind of line break
    )
    assert coeur.offers == (("numerique", "Logiciels libres"),)
    assert (rat.status, rat.year_created, rat.member_since) == ("projet", None, date(2022, 1, 1))
    assert rat.in_difficulty is True


def test_iso_8859_15_and_utf8_with_or_without_bom_read_alike():
    text = "nom;commune;besoins;besoins (textes)\nŒuvre commune;Lens;gestion;Budget 500 €\n"
    for data, encoding in (
        (text.encode("iso8859_15"), "ISO-8859-15"),
        (text.encode("utf-8"), "UTF-8"),
        (text.encode("utf-8-sig"), "UTF-8"),
        (text.replace(";", "\t").encode("utf-16"), "UTF-16"),  # Excel's « Texte Unicode »
    ):
        result = parse(data)
        assert result.errors == [], encoding
        assert result.encoding == encoding
        assert result.rows[0].name == "Œuvre commune"
        assert result.rows[0].needs == (("gestion", "Budget 500 €"),)


def test_xlsx_first_sheet_with_numbers_dates_and_booleans():
    data = xlsx(
        [
            ["Nom", "Commune", "Code postal", "Année de création", "Membre depuis"],
            ["Cliss XXI", "Liévin", 62800, 2004, datetime(2022, 3, 15)],
            [None, None, None, None, None],
            ["Indelab", 62178, None, 2017.0, 2023],
        ],
        second_sheet=[["pas", "lue"]],
    )
    result = parse(data)
    assert result.errors == [] and result.kind == "xlsx"
    cliss, indelab = result.rows
    assert (cliss.line, cliss.commune_insee, cliss.year_created) == (2, "62510", 2004)
    assert cliss.member_since == date(2022, 3, 15)
    assert (indelab.line, indelab.commune_insee, indelab.year_created) == (4, "62178", 2017)
    assert indelab.member_since == date(2023, 1, 1)


def test_xlsx_boolean_cell_is_oui_or_non():
    data = xlsx([["nom", "commune", "en difficulté"], ["A", "Arras", True], ["B", "Lens", False]])
    assert [row.in_difficulty for row in parse(data).rows] == [True, False]


def test_the_shipped_census_imports_as_it_is():
    result = parse(CENSUS.read_bytes())
    assert result.errors == []
    rows = {row.name: row for row in result.rows}
    assert len(rows) == 21
    assert rows["Cliss XXI"].commune_insee == "62510"  # its « town » is a commune
    assert rows["Cliss XXI"].town_label is None
    assert (rows["Citiz"].commune_insee, rows["Citiz"].town_label) == ("62041", "Lille - Arras")
    enercoop = rows["Enercoop"]
    assert (enercoop.commune_insee, enercoop.latitude, enercoop.town_label) == (None, None, "Lille")
    assert result.warnings == [
        "Ligne 5 : « Lille » n'est pas une commune du Pas-de-Calais : l'organisation est "
        "enregistrée avec cette ville, sans position sur la carte (donnez sa latitude et sa "
        "longitude pour la placer)."
    ]
    assert rows["Seed Com'Developpement"].year_created is None
    assert rows["Mas La Croisée"].sector == "action_sociale"


def test_census_with_unknown_year_and_the_reports_spelling():
    text = CENSUS.read_text("utf-8").replace(
        "Seed Com'Developpement,Calais,,", "Seed Com'Developpement,Calais,?,"
    )
    assert parse(text).errors == []
    misspelt = text.replace("BookKafé,Bruay-la-Buissière", "BookKafé,Bruay la Buisserie")
    result = parse(misspelt)
    assert [(e.line, e.column) for e in result.errors] == [(7, "B (town)")]
    assert result.errors[0].message == (
        "Commune inconnue dans le Pas-de-Calais : « Bruay la Buisserie ». "
        "Voulez-vous dire : Bruay-la-Buissière ?"
    )


def test_census_fixture_in_import_format():
    result = parse((DATA / "scic-census-62.import.csv").read_bytes())
    assert result.errors == [] and result.warnings == []
    rows = {row.name: row for row in result.rows}
    assert (rows["Enercoop"].latitude, rows["Enercoop"].longitude) == (50.6292, 3.0573)


def test_misspelt_commune_names_the_nearest():
    result = parse("nom;commune\nX;Bruay la Buisserie\nY;Aras\nZ;Zzyzx\n")
    assert where(result) == [(2, "commune"), (3, "commune"), (4, "commune")]
    messages = [e.message for e in result.errors]
    assert messages[0].endswith("Voulez-vous dire : Bruay-la-Buissière ?")
    assert messages[1].endswith("Voulez-vous dire : Arras ?")
    assert messages[2] == "Commune inconnue dans le Pas-de-Calais : « Zzyzx »."


# --- headers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Nom", "name"),
        ("NAME", "name"),
        ("année de création", "year_created"),
        ("Annee_de_creation", "year_created"),
        ("year_created", "year_created"),
        ("Year Created", "year_created"),
        ("Besoins (textes)", "needs_text"),
        ("needs_text", "needs_text"),
        ("Capacité de parrainage", "mentor_capacity"),
        ("code postal", "postal_code"),
        ("Courriel", "contact_email"),
        ("E-mail", "contact_email"),
        ("Membre depuis", "member_since"),
        ("ville", "town"),
        ("latitude", "lat"),
        ("siret", None),
    ],
)
def test_headers_french_or_english_without_case_or_accents(header, key):
    assert recognise(header) == key


def test_every_column_has_a_french_header_and_reads_back():
    assert COLUMNS[0] == "name"
    for key in COLUMNS:
        assert recognise(HEADERS[key]) == key and recognise(key) == key


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701)] == ["A", "B", "Z", "AA", "AB", "ZZ"]


def test_unknown_header_is_an_error_naming_it():
    result = parse("nom;commune;SIRET;;remarques\nX;Arras;123;;rien\n")
    assert [(e.line, e.column) for e in result.errors] == [(1, "C (SIRET)"), (1, "E (remarques)")]
    assert result.errors[0].message.startswith("Colonne inconnue : « SIRET ». Renommez-la")
    assert not result.ok  # the lines are read (to list their errors too), never applied


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("name;commune", ";"),
        ("name,commune", ","),
        ("name\tcommune", "\t"),
        ("name", ","),
        ("name;commune;note, libre", ";"),
    ],
)
def test_detect_delimiter(header, expected):
    assert detect_delimiter(header + "\nx") == expected


def test_comma_file_any_column_order_and_header_case():
    row = one_row('Sector,Year Created,NAME,Commune\n"Énergie",2011,"Bois, Énergie",62051\n')
    assert (row.name, row.sector, row.year_created) == ("Bois, Énergie", "energie", 2011)
    assert row.commune_insee == "62051"


def test_only_name_and_location_columns_leave_the_rest_unset():
    row = one_row("name,commune\nLe Rat Perché,Arras\n")
    assert row.profile() == {
        "commune_insee": "62041",
        "latitude": None,
        "longitude": None,
        "town_label": None,
    }


def test_a_place_not_known_is_left_empty():
    """As the profile form allows and the export writes it (a project not settled yet)."""
    row = one_row("name;commune;town;lat;lon;status\nDe rives en rêves;;;;;projet\n")
    assert (row.commune_insee, row.town_label, row.latitude, row.longitude) == (None,) * 4


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


# --- values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Énergie", "energie"),
        ("energie", "energie"),
        ("ENERGIE", "energie"),
        ("Action sociale", "action_sociale"),
        ("action_sociale", "action_sociale"),
        ("santé", "sante"),
    ],
)
def test_sector_code_or_french_label(value, code):
    assert one_row(f"name,commune,sector\nX,Arras,{value}\n").sector == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [("oui", True), ("Non", False), ("true", True), ("FALSE", False), ("1", True), ("", None)],
)
def test_in_difficulty_values(value, expected):
    assert one_row(f"name,commune,in_difficulty\nX,Arras,{value}\n").in_difficulty is expected


def test_status_code_or_label():
    assert one_row("name,commune,status\nX,Arras,Projet\n").status == "projet"
    assert one_row("name,commune,status\nX,Arras,SCIC\n").status == "scic"
    assert one_row("name,commune,status\nX,Arras,association\n").status == "projet"
    full_label = "name,commune,status\nX,Arras,Projet (association ou porteur de projet)\n"
    assert one_row(full_label).status == "projet"


@pytest.mark.parametrize("value", ["", "?", "inconnue", "Inconnue", "inconnu", " ? "])
def test_unknown_year(value):
    assert one_row(f"nom;commune;année de création\nX;Arras;{value}\n").year_created is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022", date(2022, 1, 1)),
        ("15/03/2022", date(2022, 3, 15)),
        ("5/3/2022", date(2022, 3, 5)),
        ("15.03.2022", date(2022, 3, 15)),
        ("2022-03-15", date(2022, 3, 15)),
        ("2022-03-15 00:00", date(2022, 3, 15)),
        ("?", None),
        ("", None),
    ],
)
def test_member_since_a_year_or_a_date(value, expected):
    assert one_row(f"nom;commune;membre depuis\nX;Arras;{value}\n").member_since == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2022", "Cette date n'existe pas"),
        ("mars 2022", "Date attendue"),
        ("2026", "entre 1844 et aujourd'hui"),
        ("1800", "entre 1844 et aujourd'hui"),
    ],
)
def test_member_since_bad_values(value, message):
    result = parse(f"nom;commune;membre depuis\nX;Arras;{value}\n")
    assert where(result) == [(2, "membre depuis")]
    assert message in result.errors[0].message


def test_themes_labels_or_codes_separators_case_accents_and_duplicates():
    row = one_row(
        'name,commune,needs,offers\nX,Arras,"Gouvernance; Accès aux subventions |gouvernance",'
        "Numérique|\n"
    )
    assert row.needs == (("gouvernance", ""), ("subventions", ""))
    assert row.offers == (("numerique", ""),)


def test_formula_escaped_cells_are_read_back():
    row = one_row(
        "name;commune;lat;lon;needs_text;needs\n"
        "'=HYPERLINK(\"x\");Arras;'-1.5;'+2;''=texte;gestion\n"
    )
    assert row.name == '=HYPERLINK("x")'
    assert (row.latitude, row.longitude) == (-1.5, 2.0)
    assert row.needs == (("gestion", "'=texte"),)


# --- texts per theme ------------------------------------------------------------------


def needs_of(themes: str, texts: str):
    return one_row(f'nom;commune;besoins;besoins (textes)\nX;Arras;{themes};"{texts}"\n').needs


def test_two_needs_each_get_their_own_text():
    assert needs_of("gestion|gouvernance", "gestion : Budget\ngouvernance : Règles") == (
        ("gestion", "Budget"),
        ("gouvernance", "Règles"),
    )


def test_texts_by_label_in_any_order_and_multiline():
    texts = (
        "Gouvernance et vie coopérative : Règles\nà écrire\n"
        "Gestion et administration :Budget : 3 lignes"
    )
    assert needs_of("gestion | gouvernance", texts) == (
        ("gestion", "Budget : 3 lignes"),
        ("gouvernance", "Règles\nà écrire"),
    )


def test_one_need_takes_the_whole_text_without_theme():
    assert needs_of("gestion", "Note : budget\nligne 2") == (("gestion", "Note : budget\nligne 2"),)


def test_a_theme_only_in_the_texts_is_declared_and_a_theme_without_text_too():
    assert needs_of("gestion", "gouvernance : Règles") == (
        ("gestion", ""),
        ("gouvernance", "Règles"),
    )
    assert needs_of("", "gouvernance : Règles") == (("gouvernance", "Règles"),)


def test_two_texts_for_one_theme_are_two_needs():
    assert needs_of("gestion", "gestion : A\ngestion : B") == (("gestion", "A"), ("gestion", "B"))


def test_text_without_theme_with_several_needs_is_an_error():
    result = parse('nom;commune;besoins;besoins (textes)\nX;Arras;gestion|gouvernance;"Budget"\n')
    assert where(result) == [(2, "besoins (textes)")]
    assert "écrivez une ligne « thème : texte » par besoin" in result.errors[0].message


# --- bad files ------------------------------------------------------------------------

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
    ("postal code alone", line(commune="", postal_code="62000"), "postal_code", "sans commune"),
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
    ("more cells than columns", line() + ",en trop", "P", "valeurs pour 15 colonnes"),
]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [case[1:] for case in BAD_ROWS],
    ids=[case[0] for case in BAD_ROWS],
)
def test_bad_row(row, column, message):
    result = parse(f"{HEADER}\n{line(name='Bonne')}\n{row}\n")
    assert [r.line for r in result.rows] == [2]
    assert where(result) == [(3, column)]
    assert message in result.errors[0].message


def test_errors_name_the_column_as_the_spreadsheet_shows_it():
    result = parse(f"{HEADER}\n{line(commune='Nowhere', sector='x')}\n")
    assert [e.column for e in result.errors] == ["B (commune)", "F (sector)"]


def test_every_bad_cell_of_every_line_is_reported():
    result = parse(
        f"{HEADER}\n{line(commune='Nowhere', sector='x')}\n{line(name='B')}\n"
        f"{line(name='C', year_created=1700)}\n"
    )
    assert where(result) == [(2, "commune"), (2, "sector"), (4, "year_created")]


def test_blank_lines_are_skipped_but_counted():
    result = parse("name,commune\n\nX,Arras\n,\nY,Nowhere\n\n")
    assert [row.line for row in result.rows] == [3]
    assert where(result) == [(5, "commune")]


def test_lines_shorter_than_the_header_are_padded():
    assert one_row("name,commune,year_created\nX,Arras\n").year_created is None


def test_duplicate_names_after_normalisation():
    result = parse("name,commune\nCliss XXI,Liévin\nLa Planque,Arras\ncliss-xxi ,Lens\n")
    assert where(result) == [(4, "name")]
    assert "déjà à la ligne 2" in result.errors[0].message


def _zip(names: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _xlsx_with(cell_xml: str) -> bytes:
    """A minimal workbook whose A2 cell is ``cell_xml`` (a formula or an error)."""
    data = xlsx([["nom", "commune"], ["X", "Arras"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<c r="B2"[^>]*>.*?</c>', cell_xml.encode(), content)
            target.writestr(info.filename, content)
    return out.getvalue()


BAD_FILES = [
    ("empty", b"", None, "", "vide"),
    ("only spaces", b" \r\n \n", None, "", "vide"),
    ("only a BOM", b"\xef\xbb\xbf", None, "", "vide"),
    ("pdf", b"%PDF-1.7\n" + bytes(range(1, 200)), None, "", "ni un fichier CSV ni un classeur"),
    ("binary with NUL", b"name,commune\n\x00\x01\x02", None, "", "ni un fichier CSV ni"),
    ("xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), None, "", "Excel 97-2003 (.xls)"),
    (
        "ods",
        _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
        None,
        "",
        "document OpenDocument",
    ),
    ("broken zip", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), None, "", "ni un fichier"),
    ("utf-8 BOM then not utf-8", b"\xef\xbb\xbfnom;commune\nX;Arr\xe9s\n", 2, "B", "illisible"),
    (
        "neither utf-8 nor cp1252 nor iso-8859-15",
        b"nom;commune\nX;Arras\nY;Lens\n" + b"Z;L\x81\x8d\x90s\n",
        4,
        "B",
        "Encodage illisible",
    ),
    ("header only", b"name,commune\r\n", None, "", "aucune organisation"),
    ("missing name column", b"commune\nArras\n", 1, "", "« nom » manquante"),
    ("missing commune column", b"name,year_created\nX,2020\n", 1, "", "« commune » manquante"),
    ("lat column without lon", b"name,commune,lat\nX,Arras,\n", 1, "C (lat)", "vont ensemble"),
    ("duplicate column", b"name,commune,Nom\nX,Arras,Y\n", 1, "C (Nom)", "deux fois"),
    ("unknown column", b"nom,commune,couleur\nX,Arras,bleu\n", 1, "C (couleur)", "inconnue"),
    (
        "field too large",
        b'name,commune,needs_text\nX,Arras,"' + b"x" * 200_000 + b'"\n',
        2,
        "",
        "mal formé",
    ),
    (
        "xlsx formula",
        _xlsx_with('<c r="B2"><f>CONCAT("Ar","ras")</f></c>'),
        2,
        "B (commune)",
        "Formule « =CONCAT",
    ),
    (
        "xlsx error value",
        _xlsx_with('<c r="B2" t="e"><v>#DIV/0!</v></c>'),
        2,
        "B (commune)",
        "Valeur d'erreur « #DIV/0! »",
    ),
    ("xlsx empty", xlsx([]), None, "", "vide"),
]


@pytest.mark.parametrize(
    ("data", "line_number", "column", "message"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_bad_file(data, line_number, column, message):
    result = parse(data)
    assert not result.ok
    assert len(result.errors) >= 1
    assert (result.errors[0].line, result.errors[0].column) == (line_number, column)
    assert message in result.errors[0].message


def test_an_unknown_column_does_not_hide_the_lines_errors():
    result = parse("nom;commune;remarques\nX;Aras;rien\n")
    assert [(e.line, e.column) for e in result.errors] == [(1, "C (remarques)"), (2, "B (commune)")]


def test_a_zip_bomb_is_refused_before_it_is_read(monkeypatch):
    import entraide.transfer.reading as reading

    data = xlsx([["nom", "commune"], ["X", "Arras"]])
    monkeypatch.setattr(reading, "MAX_UNZIPPED", 1000)
    result = parse(data)
    assert [e.message for e in result.errors] == [
        "Classeur trop volumineux une fois décompressé : découpez-le."
    ]


def test_messages_are_french_and_say_what_to_save():
    result = parse(b"%PDF-1.4 ...")
    assert "« CSV UTF-8 » ou « Classeur Excel (.xlsx) »" in result.errors[0].message


def test_merged_cells_in_the_rows_are_refused_where_they_are():
    # Excel shows « Arras » on both rows; the file keeps it in B2 only: B3 would read empty.
    rows = [["nom", "commune"], ["Coop A", "Arras"], ["Coop B", None], ["Coop C", "Lens"]]
    result = parse(xlsx(rows, merged=["B2:B3"]))
    assert where(result) == [(2, "commune")]
    assert "Cellules fusionnées (B2:B3)" in result.errors[0].message
    assert "défusionnez-les" in result.errors[0].message


def test_a_merged_header_cell_is_no_obstacle():
    rows = [["nom", "commune", None], ["Coop A", "Arras", None]]
    assert parse(xlsx(rows, merged=["B1:C1"])).errors == []
