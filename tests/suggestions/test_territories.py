"""The coordination's commune → territory table: page, changes, files, reset, and its use.

The tests start from emptied tables: the table is then the hypothesis read from the file,
stored at the first change (``territory_table``'s docstring).
"""

import html
import io
import json
import re

import pytest
from sqlalchemy import delete, func, select

from entraide.core.extensions import db
from entraide.models import AuditEntry, CommuneTerritory, Territory
from entraide.suggestions import territory_table
from entraide.suggestions.adapter import load_profiles
from entraide.suggestions.services import network_groups
from tests.web.helpers import field_errors, text_of

PAGE = "/rapprochement/territoires"
ARRAS, LENS, LIEVIN, CALAIS = "62041", "62498", "62510", "62193"


@pytest.fixture(autouse=True)
def _emptied_table(app):
    """Start from emptied tables, whichever test runs first (the migration fills them)."""
    with app.app_context():
        db.session.execute(delete(CommuneTerritory))
        db.session.execute(delete(Territory))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def coordinator(make, client, login_as):
    user = make.coordinator()
    login_as(user)
    return user


def rows() -> int:
    return db.session.scalar(select(func.count()).select_from(CommuneTerritory))


def audits() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def territory(insee: str) -> tuple[str | None, str | None]:
    row = db.session.get(CommuneTerritory, insee)
    return (row.territory.name, row.source) if row else (None, None)


def upload(client, content: bytes, mode: str = "patch", name: str = "territoires.csv"):
    return client.post(
        PAGE + "/fichier",
        data={"file": (io.BytesIO(content), name), "mode": mode},
        content_type="multipart/form-data",
    )


def plain(response) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split())


def apply(client, response):
    """Submit the preview's confirmation form as the browser would."""
    body = response.get_data(as_text=True)
    table = re.search(r'name="table" type="hidden" value="([^"]*)"', body).group(1)
    mode = re.search(r'name="mode" type="hidden" value="([^"]*)"', body).group(1)
    return client.post(
        PAGE + "/fichier/appliquer", data={"table": html.unescape(table), "mode": mode}
    )


# --- Reading ------------------------------------------------------------------------


def test_the_hypothesis_is_the_table_until_the_first_change(app_ctx):
    assert not territory_table.is_stored()
    table = territory_table.assignments()
    assert len(table) == 890 and table[ARRAS] == "Arrageois" and table[LENS] == "Lens-Hénin"
    assert territory_table.territory_names() == [
        "Arrageois",
        "Artois",
        "Audomarois",
        "Boulonnais",
        "Calaisis",
        "Lens-Hénin",
        "Montreuillois-Ternois",
    ]


def test_the_page_shows_territories_communes_members_and_the_source(make, client, coordinator):
    make.organisation("Coop d'Arras", commune_insee=ARRAS)
    page = text_of(client.get(PAGE))
    assert "C'est une hypothèse, pas une liste officielle" in page
    assert "toute la table suit l'hypothèse du fichier" in page
    # Arras holds a member: listed first in its territory, with its organisation.
    arrageois = page[page.index('id="territoire-1"') :]
    assert arrageois.index("Arras") < arrageois.index("autres communes")
    assert "Coop d'Arras" in arrageois and "hypothèse du fichier" in arrageois
    assert "Les 254 autres communes" in page


def test_a_commune_in_the_address_prefills_the_form(client, coordinator):
    page = client.get(PAGE + "?commune=62041").get_data(as_text=True)
    assert 'value="Arras"' in page
    assert '<option selected value="Arrageois">' in page


# --- One commune ----------------------------------------------------------------------


def test_the_coordination_moves_a_commune(make, client, coordinator):
    org = make.organisation("Coop de Liévin", commune_insee=LIEVIN)
    response = client.post(PAGE + "/commune", data={"commune": "lievin", "territory": "artois"})
    assert response.status_code == 302
    assert territory(LIEVIN) == ("Artois", "coordination")
    assert territory(LENS) == ("Lens-Hénin", "hypothesis")  # the rest stored as it was
    assert rows() == 890
    entry = db.session.scalars(select(AuditEntry).filter_by(action="territory.commune")).one()
    assert entry.object_type == "CommuneTerritory" and entry.object_id == int(LIEVIN)
    assert entry.before["territory"] == "Lens-Hénin" and entry.after["territory"] == "Artois"
    assert entry.actor_id == coordinator.id
    page = text_of(client.get(response.headers["Location"]))
    assert "Liévin (62510) est rattachée au territoire Artois." in page
    assert "saisi par la coordination" in page and coordinator.name in page
    # The groups engine and the page follow.
    assert next(p for p in load_profiles() if p.id == org.id).territory == "Artois"


def test_confirming_a_commune_marks_it_entered_and_twice_changes_nothing(client, coordinator):
    data = {"commune": ARRAS, "territory": "Arrageois"}
    client.post(PAGE + "/commune", data=data)
    assert territory(ARRAS) == ("Arrageois", "coordination")
    before = audits()
    response = client.post(PAGE + "/commune", data=data, follow_redirects=True)
    assert "était déjà rattachée au territoire Arrageois" in text_of(response)
    assert audits() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"commune": "Lille", "territory": "Artois"},
            "Commune inconnue dans le Pas-de-Calais : « Lille ».",
        ),
        ({"commune": "59350", "territory": "Artois"}, "« 59350 »"),
        (
            {"commune": "Arras", "territory": "Flandre intérieure"},
            "Territoire inconnu : « Flandre intérieure » (territoires : Arrageois, Artois,",
        ),
        ({"commune": "", "territory": "Artois"}, "Indiquez une commune du Pas-de-Calais."),
        ({"commune": "Arras", "territory": ""}, "Choisissez un territoire."),
    ],
)
def test_unknown_commune_or_territory_is_named_and_nothing_written(
    client, coordinator, data, message
):
    before = audits()
    response = client.post(PAGE + "/commune", data=data)
    assert response.status_code == 422
    assert any(message in error for error in field_errors(response)), field_errors(response)
    assert rows() == 0 and audits() == before
    assert db.session.scalar(select(func.count()).select_from(Territory)) == 0


# --- A file ---------------------------------------------------------------------------


def test_a_file_is_previewed_then_applied(make, client, coordinator):
    content = b"insee;territoire\r\n62510;Artois\r\n62041;Arrageois\r\n"
    preview = upload(client, content)
    assert preview.status_code == 200
    page = text_of(preview)
    assert "1 commune change de territoire" in page and "Liévin" in page
    assert rows() == 0  # nothing yet
    done = apply(client, preview)
    assert done.status_code == 302
    assert territory(LIEVIN) == ("Artois", "coordination")
    assert territory(ARRAS) == ("Arrageois", "coordination")  # confirmed
    assert territory(LENS) == ("Lens-Hénin", "hypothesis")  # patch: untouched
    entry = db.session.scalars(select(AuditEntry).filter_by(action="territory.file")).one()
    assert entry.after["mode"] == "patch"
    assert entry.after["changes"] == [["62510", "Liévin", "Lens-Hénin", "Artois"]]
    flash = text_of(client.get(PAGE))
    assert "2 communes dans le fichier, 1 changement de territoire." in flash


def test_an_excel_file_by_commune_name_in_windows_1252(client, coordinator):
    content = "Commune;Territoire\r\nLiévin;ARTOIS\r\nSt-Omer;audomarois\r\n".encode("cp1252")
    preview = upload(client, content)
    assert preview.status_code == 200, text_of(preview)
    apply(client, preview)
    assert territory(LIEVIN) == ("Artois", "coordination")
    assert territory("62765") == ("Audomarois", "coordination")  # Saint-Omer


def test_replace_removes_the_communes_the_file_omits(make, client, coordinator):
    make.organisation("Coop de Calais", commune_insee=CALAIS)
    preview = upload(client, b"insee,territoire\n62041,Arrageois\n", mode="replace")
    page = text_of(preview)
    assert "889 communes changent de territoire, dont 889 n'auront plus de territoire" in page
    apply(client, preview)
    assert rows() == 1 and territory(CALAIS) == (None, None)
    assert "Communes sans territoire" in text_of(client.get(PAGE))
    # The engine groups the members without territory among themselves.
    assert next(p for p in load_profiles() if p.name == "Coop de Calais").territory is None


def test_the_downloaded_table_goes_back_unchanged(client, coordinator):
    client.post(PAGE + "/commune", data={"commune": LIEVIN, "territory": "Artois"})
    exported = client.get(PAGE + ".csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    text = exported.get_data().decode("utf-8-sig")
    assert text.startswith("insee;commune;territoire;source\r\n")
    assert "62510;Liévin;Artois;saisi par la coordination" in text
    preview = upload(client, exported.get_data(), mode="replace")
    assert "Aucune commune ne change de territoire" in text_of(preview)


@pytest.mark.parametrize(
    ("content", "line", "column", "message"),
    [
        (
            b"insee;territoire\n62041;Arrageois\n59350;Artois\n",
            "3",
            "insee",
            "Commune inconnue dans le Pas-de-Calais : « 59350 ».",
        ),
        (
            b"commune;territoire\nArras;Arrageois\nBoulogne;Boulonnais\nLense;Artois\n",
            "4",
            "commune",
            "Commune inconnue dans le Pas-de-Calais : « Lense ».",
        ),
        (
            b"insee;territoire\n62041;Flandre\n",
            "2",
            "territoire",
            "Territoire inconnu : « Flandre » (territoires connus : Arrageois,",
        ),
        (b"insee;territoire\n62041;\n", "2", "territoire", "Territoire manquant pour Arras."),
        (
            b"insee;territoire\n62041;Arrageois\n62041;Artois\n",
            "3",
            "territoire",
            "Arras (62041) est déjà rattachée à « Arrageois » ligne 2.",
        ),
        (
            b"insee;commune;territoire\n62041;Lens;Arrageois\n",
            "2",
            "commune",
            "« Lens » n'est pas la commune 62041 (Arras).",
        ),
        (b"code;zone\n62041;Arrageois\n", "1", "insee", "Colonne de la commune manquante"),
        (
            b"insee;nom du territoire\n62041;Arrageois\n",
            "1",
            "territoire",
            "Colonne « territoire » manquante",
        ),
        (b"insee;territoire\n", "—", "—", "Le fichier ne contient aucune commune"),
        (b"", "—", "—", "Le fichier est vide."),
        (b"PK\x03\x04 a workbook", "—", "—", "Ce fichier n'est pas un fichier CSV"),
        (b"insee;territoire\n62041;Arr\x81geois\n", "2", "—", "Encodage illisible"),
        ("insee;territoire\n".encode("utf-16"), "—", "—", "Le fichier est encodé en UTF-16"),
    ],
)
def test_a_bad_file_names_line_and_column_and_writes_nothing(
    client, coordinator, content, line, column, message
):
    before = audits()
    response = upload(client, content)
    assert response.status_code == 422
    page = " ".join(text_of(response).split())
    assert "rien n'a été enregistré" in page
    assert f"<td>{line}</td><td>{column}</td><td>{message}" in page, page[-3000:]
    assert rows() == 0 and audits() == before


def test_no_file_or_an_unknown_mode_is_refused(client, coordinator):
    assert client.post(PAGE + "/fichier", data={"mode": "patch"}).status_code == 422
    response = upload(client, b"insee;territoire\n62041;Arrageois\n", mode="tout")
    assert response.status_code == 422 and rows() == 0


def test_a_tampered_confirmation_writes_nothing(client, coordinator):
    before = audits()
    for table in ("62041;Flandre", "99999;Artois", "", "62041;Artois\n62041;Arrageois"):
        response = client.post(
            PAGE + "/fichier/appliquer", data={"table": table, "mode": "replace"}
        )
        assert response.status_code == 422, table
        assert "Action impossible" in text_of(response)
    response = client.post(
        PAGE + "/fichier/appliquer", data={"table": "62041;Artois", "mode": "tout"}
    )
    assert response.status_code == 422
    assert rows() == 0 and audits() == before


# --- Reset ----------------------------------------------------------------------------


def test_reset_to_the_hypothesis_after_a_confirmation(client, coordinator):
    client.post(PAGE + "/commune", data={"commune": LIEVIN, "territory": "Artois"})
    client.post(PAGE + "/commune", data={"commune": ARRAS, "territory": "Arrageois"})
    confirm = plain(client.get(PAGE + "/reinitialiser"))
    assert "Les 2 communes saisies par la coordination" in confirm
    assert "Liévin (62510) : Artois, hypothèse : Lens-Hénin" in confirm
    response = client.post(PAGE + "/reinitialiser", follow_redirects=True)
    assert "1 commune change de territoire." in text_of(response)
    assert territory(LIEVIN) == ("Lens-Hénin", "hypothesis")
    assert territory(ARRAS) == ("Arrageois", "hypothesis")
    entry = db.session.scalars(select(AuditEntry).filter_by(action="territory.reset")).one()
    assert entry.after["changes"] == [["62510", "Liévin", "Artois", "Lens-Hénin"]]


def test_reset_after_a_replace_gives_back_every_commune(client, coordinator):
    apply(client, upload(client, b"insee;territoire\n62041;Artois\n", mode="replace"))
    assert rows() == 1
    client.post(PAGE + "/reinitialiser")
    assert rows() == 890 and territory(ARRAS) == ("Arrageois", "hypothesis")


# --- Groups -----------------------------------------------------------------------------


def test_groups_follow_the_table_and_the_page_can_ignore_it(make, client, coordinator):
    for i in range(3):
        make.organisation(f"Coop d'Arras {i}", commune_insee=ARRAS)
    for i in range(3):
        make.organisation(f"Coop de Lens {i}", commune_insee=LENS)
    names = sorted(g.name for g in network_groups().groups)
    assert names == ["Arrageois", "Lens-Hénin"]
    page = text_of(client.get("/rapprochement/groupes"))
    assert "Chaque groupe reste dans un territoire" in page
    assert "Arrageois : 1 groupe, 3 membres" in page  # the map's legend
    assert 'fill="#FBE3C8"' in page and "fond coloré et nommé selon le territoire" in page
    mixed = text_of(client.get("/rapprochement/groupes?territoires=non"))
    assert "sans tenir compte des territoires" in mixed
    assert "Lens – Arras" in mixed or "Arras – Lens" in mixed
    assert "la carte ne l" not in page
    # Arras joins Lens-Hénin in the table: one group; the map cannot show Arras apart.
    client.post(PAGE + "/commune", data={"commune": ARRAS, "territory": "Lens-Hénin"})
    assert [g.name for g in network_groups().groups] == ["Lens-Hénin"]
    page = " ".join(text_of(client.get("/rapprochement/groupes")).split())
    assert (
        "1 commune rattachée à un autre territoire" in page
        and "la carte ne la distingue pas" in page
    )


def test_the_groups_map_keeps_the_csp_and_its_text_alternative(make, client, coordinator):
    for i in range(4):
        make.organisation(f"Coop d'Arras {i}", commune_insee=ARRAS)
    response = client.get("/rapprochement/groupes")
    body = response.get_data(as_text=True)
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert "<script" not in body.split("</header>", 1)[1] and "style=" not in svg
    assert "<title" in svg and "<desc" in svg and "Montreuillois-Ternois" in svg
    assert "script-src" in response.headers.get("Content-Security-Policy", "")


def test_the_groups_command_keeps_territories_unless_told(make, runner):
    for i in range(2):
        make.organisation(f"Coop d'Arras {i}", commune_insee=ARRAS)
        make.organisation(f"Coop de Lens {i}", commune_insee=LENS)
    by_territory = runner.invoke(args=["groups"])
    assert by_territory.exit_code == 0, by_territory.output
    assert "Arrageois (2 membres)" in by_territory.output
    assert "Lens-Hénin (2 membres)" in by_territory.output
    mixed = runner.invoke(args=["groups", "--sans-territoires", "--format", "json"])
    assert mixed.exit_code == 0, mixed.output
    (group,) = json.loads(mixed.output)["groups"]
    assert group["name"] == "Arras – Lens" and "territory" not in group


def test_the_journal_names_the_table_s_changes_in_french(client, coordinator):
    client.post(PAGE + "/commune", data={"commune": LIEVIN, "territory": "Artois"})
    apply(client, upload(client, b"insee;territoire\n62041;Arrageois\n"))
    client.post(PAGE + "/reinitialiser")
    journal = text_of(client.get("/journal"))
    assert "a placé la commune Liévin dans le territoire Artois." in journal
    assert "a chargé un fichier de territoires (complétant la table)" in journal
    assert "a remis la table des territoires à l'hypothèse" in journal
