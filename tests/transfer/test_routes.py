"""The import page and the CSV downloads, as the coordinator and as everyone else."""

import html
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from entraide.core.extensions import db
from entraide.models import AuditEntry, Need, Offer, Organisation

CENSUS = Path(__file__).parent / "data" / "scic-census-62.import.csv"
IMPORT = "/organisations/import"
EXPORT = "/organisations/export.csv"
EXPORT_XLSX = "/organisations/export.xlsx"
MODEL = "/organisations/import/modele.csv"
MODEL_XLSX = "/organisations/import/modele.xlsx"
CONFIRM = "/organisations/import/confirmer"
CANCEL = "/organisations/import/annuler"
SHIPPED_CENSUS = Path(__file__).parents[2] / "entraide" / "data" / "scic-census-62.csv"


def counts() -> tuple[int, ...]:
    db.session.rollback()  # a fresh read: the client committed in its own session
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Organisation, Need, Offer, AuditEntry)
    )


def upload(client, content: bytes, filename: str = "reseau.csv"):
    data = {"file": (io.BytesIO(content), filename)}
    return client.post(IMPORT, data=data, content_type="multipart/form-data")


def token_of(response) -> str:
    match = re.search(
        r'name="token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    )
    assert match, response.get_data(as_text=True)[:2000]
    return match[1]


def confirm(client, token: str):
    return client.post(CONFIRM, data={"token": token})


def import_through_preview(client, content: bytes, filename: str = "reseau.csv"):
    """Upload, check the preview, confirm: what a coordinator does."""
    preview = upload(client, content, filename)
    assert preview.status_code == 200, text_of(preview)[:3000]
    return confirm(client, token_of(preview))


def text_of(response) -> str:
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


@pytest.fixture
def coordinator(make, login_as):
    return login_as(make.coordinator())


def test_import_page_explains_the_format(coordinator):
    response = coordinator.get(IMPORT)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert "<caption>Colonnes reconnues</caption>" in page
    assert "capacité de parrainage" in page and "<code>mentor_capacity</code>" in page
    assert "<code>thème : texte</code>" in page
    assert MODEL in page and MODEL_XLSX in page and EXPORT in page and EXPORT_XLSX in page
    assert 'accept=".csv,.xlsx' in page
    assert "style=" not in page and "<script" not in page


def test_organisations_list_has_the_buttons(coordinator):
    page = coordinator.get("/organisations").get_data(as_text=True)
    assert f'href="{IMPORT}"' in page and f'href="{EXPORT}"' in page


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(coordinator):
    before = counts()
    response = upload(coordinator, CENSUS.read_bytes())
    assert response.status_code == 200
    page = text_of(response)
    assert "Aperçu de l'import" in page and "Rien n'est encore enregistré." in page
    assert "21 organisations créées, 0 mise à jour, 0 inchangée" in page
    assert "Nouvelles organisations (21)" in page and "Cliss XXI" in page
    assert counts() == before
    response = confirm(coordinator, token_of(response))
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/organisations"
    assert counts()[:3] == (21, 0, 0)
    assert "Import terminé : 21 organisations créées" in text_of(coordinator.get("/organisations"))


def test_the_shipped_census_imports_through_the_page_with_its_warning(coordinator):
    response = upload(coordinator, SHIPPED_CENSUS.read_bytes(), "scic-census-62.csv")
    page = text_of(response)
    assert response.status_code == 200
    assert "« Lille » n'est pas une commune du Pas-de-Calais" in page
    assert "Lille - Arras" in page and "Arras (62000)" in page
    assert confirm(coordinator, token_of(response)).status_code == 302
    assert counts()[0] == 21


def test_preview_lists_updates_with_their_changed_fields(make, coordinator):
    org = make.organisation("Le Rat Perché", commune_insee="62041", year_created=2017)
    make.need(org, "gestion", "Compta")
    make.organisation("Inchangée", commune_insee="62498")
    db.session.commit()
    content = (
        "Nom;Commune;Année de création;Besoins;Besoins (textes)\r\n"
        "Le Rat Perché;Lens;2018;gestion|emploi;emploi : Recruter une personne\r\n"
        "Inchangée;Lens;;;\r\n"
        "Nouvelle;Bruay-la-Buissière;?;;\r\n"
    ).encode("cp1252")
    before = counts()
    response = upload(coordinator, content)
    assert response.status_code == 200
    page = text_of(response)
    assert "(CSV, Windows-1252)" in page
    assert "Organisations mises à jour (1)" in page
    assert "Commune : Arras (62000) → <strong>Lens (62300)</strong>" in page
    assert "Année de création : 2017 → <strong>2018</strong>" in page
    assert "Besoin : Emploi et ressources humaines</span> Recruter une personne" in page
    assert "Organisations inchangées (1)" in page and "Inchangée (ligne 3)" in page
    assert "Nouvelles organisations (1)" in page
    assert counts() == before
    assert confirm(coordinator, token_of(response)).status_code == 302
    db.session.refresh(org)
    assert (org.commune_insee, org.year_created) == ("62498", 2018)
    assert sorted((n.theme_code, n.text) for n in org.open_needs()) == [
        ("emploi", "Recruter une personne"),
        ("gestion", "Compta"),
    ]
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("organisation.update") == 1 and actions.count("need.create") >= 1


def test_confirm_applies_what_was_previewed_or_nothing(make, coordinator):
    response = upload(coordinator, b"nom;commune;besoins\nLe Rat Perche;Arras;gestion\n")
    token = token_of(response)
    # Meanwhile, someone creates the organisation: the plan is no longer the one shown.
    make.organisation("Le Rat Perché", commune_insee="62498")
    db.session.commit()
    before = counts()
    response = confirm(coordinator, token)
    assert response.status_code == 409
    page = text_of(response)
    assert "Les organisations ont changé depuis l'aperçu" in page
    assert "Organisations mises à jour (1)" in page  # the new preview
    assert counts() == before
    assert confirm(coordinator, token).status_code == 410  # the old token is gone
    assert confirm(coordinator, token_of(response)).status_code == 302
    assert counts()[:2] == (1, 1)


def test_a_file_confirmed_twice_at_once_is_imported_once(app, make, login_as):
    user = make.coordinator()
    client = login_as(user)
    token = token_of(upload(client, b"nom;commune;besoins\nLe Rat Perche;Arras;gestion\n"))
    before = counts()
    import entraide.transfer.pending as pending

    with app.test_request_context():
        # The first click's request holds the file while it imports it.
        assert pending.claim(token, user.id) is not None
        assert pending.claim(token, user.id) is None
    second = confirm(client, token)
    assert second.status_code == 409 and "Cet import est déjà en cours" in text_of(second)
    assert counts() == before
    with app.test_request_context():
        pending.release(token)  # the first one was refused: the file can be confirmed again
    assert confirm(client, token).status_code == 302
    assert counts()[:2] == (before[0] + 1, before[1] + 1)
    assert confirm(client, token).status_code == 410  # imported once, then forgotten
    assert counts()[:2] == (before[0] + 1, before[1] + 1)


@pytest.mark.parametrize("token", ["", "x" * 43, "../../secret_key", "A" * 43 + "/..", "a" * 500])
def test_stale_or_forged_token_is_a_french_message_and_writes_nothing(coordinator, token):
    before = counts()
    response = confirm(coordinator, token)
    assert response.status_code == 410
    assert "Cet aperçu n'existe pas ou a expiré" in text_of(response)
    assert counts() == before


def test_a_token_belongs_to_its_uploader_and_expires(app, make, client, login_as, monkeypatch):
    first = make.coordinator()
    second = make.coordinator()
    login_as(first)
    token = token_of(upload(client, CENSUS.read_bytes()))
    login_as(second)
    assert confirm(client, token).status_code == 410
    login_as(first)
    import entraide.transfer.pending as pending

    now = pending.time.time()
    monkeypatch.setattr(pending.time, "time", lambda: now + 31 * 60)
    assert confirm(client, token).status_code == 410
    assert counts()[0] == 0


def test_cancel_forgets_the_file(coordinator):
    token = token_of(upload(coordinator, CENSUS.read_bytes()))
    response = coordinator.post(CANCEL, data={"token": token})
    assert response.status_code == 302 and urlsplit(response.location).path == IMPORT
    assert "Import annulé" in text_of(coordinator.get(IMPORT))
    assert confirm(coordinator, token).status_code == 410
    assert counts()[0] == 0


def test_pending_files_are_private_and_removed_once_used(app, coordinator):
    from pathlib import Path as P

    folder = P(app.config["IMPORT_PENDING_FOLDER"])
    token = token_of(upload(coordinator, CENSUS.read_bytes()))
    kept = folder / f"{token}.bin"
    assert kept.read_bytes() == CENSUS.read_bytes()
    assert kept.stat().st_mode & 0o777 == 0o600
    confirm(coordinator, token)
    assert not kept.exists() and not (folder / f"{token}.json").exists()


def test_bad_file_shows_every_error_and_writes_nothing(make, coordinator):
    org = make.organisation("Existante")
    make.need(org)
    before = counts()
    content = (
        b"name;commune;needs;mentor_capacity\n"
        b"Existante;Arras;gestion;2\n"
        b"Nouvelle;Nulle-Part;gestion;1\n"
        b"Autre;Lens;bricolage;-1\n"
    )
    response = upload(coordinator, content)
    assert response.status_code == 422
    page = " ".join(response.get_data(as_text=True).split())
    assert "<caption>Erreurs du fichier" in page
    assert "3 erreurs : rien n'a été importé" in page
    assert "<tr><td>3</td><td>B (commune)</td><td>Commune inconnue" in page
    assert "<tr><td>4</td><td>C (needs)</td>" in page
    assert "<tr><td>4</td><td>D (mentor_capacity)</td>" in page
    assert counts() == before


def test_misspelt_commune_names_the_nearest(coordinator):
    response = upload(coordinator, "nom;commune\r\nBookKafé;Bruay la Buisserie\r\n".encode())
    assert response.status_code == 422
    assert (
        "<td>2</td><td>B (commune)</td><td>Commune inconnue dans le Pas-de-Calais : "
        "« Bruay la Buisserie ». Voulez-vous dire : Bruay-la-Buissière ?</td>"
    ) in text_of(response)


def _xlsx_with_formula() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["nom", "commune", "année de création"])
    workbook.active.append(["X", "Arras", "=2000+4"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"%PDF-1.4" + bytes(100), "ni un fichier CSV ni un classeur Excel"),
        (b"PK\x03\x04" + bytes(100), "ni un fichier CSV ni un classeur Excel"),
        (b"nom;commune\nX;L\x81\x8d\x90s\n", "<td>2</td><td>B</td><td>Encodage illisible"),
        (
            b"nom;commune;couleur\nX;Arras;bleu\n",
            "<td>1</td><td>C (couleur)</td><td>Colonne inconnue",
        ),
        (_xlsx_with_formula(), "<td>2</td><td>C (année de création)</td><td>Formule « =2000+4 »"),
        (b"commune\nArras\n", "« nom » manquante"),
        (b"name,commune\r\n", "aucune organisation"),
    ],
)
def test_bad_uploads_answer_422_in_french(coordinator, content, message):
    before = counts()
    response = upload(coordinator, content)
    assert response.status_code == 422
    assert message in text_of(response)
    assert counts() == before


def test_no_file_field_answers_422(coordinator):
    response = coordinator.post(IMPORT, data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choisissez un fichier CSV ou XLSX." in response.get_data(as_text=True)


def test_file_larger_than_the_limit_answers_413(app, coordinator, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 10_000)
    before = counts()
    response = upload(coordinator, b"name,commune\n" + b"X,Arras\n" * 2000)
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.get_data(as_text=True)
    assert counts() == before


def test_export_download_french_by_default_or_codes(make, coordinator):
    make.organisation("Cliss XXI", commune_insee="62510", sector="services")
    response = coordinator.get(EXPORT)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="reseau-entraide-')
    assert response.headers["Cache-Control"] == "no-store"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffnom;commune;code postal;ville;")
    assert "\r\nCliss XXI;Liévin;62800;;;;SCIC;Services;" in text
    text = coordinator.get(EXPORT + "?forme=codes").data.decode("utf-8")
    assert text.startswith("\ufeffname;commune;postal_code;")
    assert "\r\nCliss XXI;Liévin;62800;;;;scic;services;" in text


def test_xlsx_export_download(make, coordinator):
    make.organisation("Cliss XXI", commune_insee="62510")
    response = coordinator.get(EXPORT_XLSX)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert '.xlsx"' in response.headers["Content-Disposition"]
    assert response.data.startswith(b"PK\x03\x04")


@pytest.mark.parametrize(("path", "filename"), [(EXPORT, "r.csv"), (EXPORT_XLSX, "r.xlsx")])
def test_export_then_import_through_the_web(make, coordinator, path, filename):
    org = make.organisation("Cliss XXI", commune_insee="62510")
    make.need(org, "gestion", "Compta")
    make.need(org, "emploi", "Recruter")
    exported = coordinator.get(path).data
    response = import_through_preview(coordinator, exported, filename)
    assert response.status_code == 302
    assert "0 organisation créée, 0 mise à jour, 1 inchangée" in text_of(
        coordinator.get("/organisations")
    )
    assert coordinator.get(path).data == exported


@pytest.mark.parametrize(("path", "name"), [(MODEL, "csv"), (MODEL_XLSX, "xlsx")])
def test_model_files_say_the_format_and_are_valid_imports(coordinator, path, name):
    response = coordinator.get(path)
    assert response.status_code == 200
    assert f"modele-import-organisations.{name}" in response.headers["Content-Disposition"]
    if name == "csv":
        text = response.data.decode("utf-8-sig")
        assert text.startswith("nom;commune;code postal;")
        assert "une ligne « thème : texte » par besoin" in text
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(response.data))
        assert workbook.sheetnames == ["Organisations", "Mode d'emploi"]
        guide = " ".join(str(c.value) for row in workbook["Mode d'emploi"] for c in row if c.value)
        assert "Une ligne « thème : texte » par besoin" in guide
    result = upload(coordinator, response.data, f"modele.{name}")
    assert result.status_code == 200, text_of(result)[:2000]
    assert "2 organisations créées" in text_of(result)


@pytest.mark.parametrize("role", ["member", "viewer"])
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", IMPORT), ("post", IMPORT), ("get", EXPORT), ("get", MODEL), ("post", CONFIRM)],
)
def test_other_roles_get_403(make, client, login_as, role, method, path):
    login_as(make.user(role))
    before = counts()
    if method == "post":
        response = upload(client, CENSUS.read_bytes()) if path == IMPORT else confirm(client, "x")
    else:
        response = client.get(path)
    assert response.status_code == 403
    assert counts() == before


@pytest.mark.parametrize(
    ("method", "path"), [("get", IMPORT), ("post", IMPORT), ("get", EXPORT), ("get", MODEL)]
)
def test_anonymous_is_sent_to_login(app_ctx, client, method, path):
    response = upload(client, CENSUS.read_bytes()) if method == "post" else client.get(path)
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/connexion"
    assert counts()[0] == 0


def test_import_refuses_a_name_imitating_an_existing_one(coordinator, make):
    make.organisation("Cliss XXI")
    before = counts()

    response = upload(coordinator, "name;commune\r\nCl\u0456ss XXI;Arras\r\n".encode())

    assert response.status_code == 422
    body = html.unescape(response.get_data(as_text=True))
    assert "ressemble trop à celui de « Cliss XXI »" in body
    assert counts() == before


def test_import_refuses_look_alikes_within_the_file_and_names_too_long(coordinator):
    content = (
        "name;commune\r\nJeune Pousse;Arras\r\nJeune P0usse;Lens\r\n" + "\ufdfa" * 20 + ";Arras\r\n"
    ).encode()
    before = counts()

    response = upload(coordinator, content)

    assert response.status_code == 422
    body = html.unescape(response.get_data(as_text=True))
    assert "ressemblant à celui de la ligne 2" in body
    assert "trop long" in body
    assert counts() == before
