"""The import page and the CSV downloads, as the coordinator and as everyone else."""

import html
import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from entraide.core.extensions import db
from entraide.models import AuditEntry, Need, Offer, Organisation

CENSUS = Path(__file__).parent / "data" / "scic-census-62.import.csv"
IMPORT = "/organisations/import"
EXPORT = "/organisations/export.csv"
MODEL = "/organisations/import/modele.csv"


def counts() -> tuple[int, ...]:
    db.session.rollback()  # a fresh read: the client committed in its own session
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Organisation, Need, Offer, AuditEntry)
    )


def upload(client, content: bytes, dry_run: bool = False, filename: str = "reseau.csv"):
    data = {"file": (io.BytesIO(content), filename)}
    if dry_run:
        data["dry_run"] = "y"
    return client.post(IMPORT, data=data, content_type="multipart/form-data")


@pytest.fixture
def coordinator(make, login_as):
    return login_as(make.coordinator())


def test_import_page_explains_the_format(coordinator):
    response = coordinator.get(IMPORT)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert "<caption>Colonnes reconnues</caption>" in html
    assert "<code>mentor_capacity</code>" in html
    assert MODEL in html and EXPORT in html
    assert "style=" not in html and "<script" not in html


def test_organisations_list_has_the_two_buttons(coordinator):
    html = coordinator.get("/organisations").get_data(as_text=True)
    assert f'href="{IMPORT}"' in html and f'href="{EXPORT}"' in html


def test_coordinator_imports_the_census(coordinator):
    response = upload(coordinator, CENSUS.read_bytes())
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/organisations"
    assert counts()[:3] == (21, 0, 0)
    html = coordinator.get("/organisations").get_data(as_text=True)
    assert "Import terminé : 21 organisations créées" in html


def test_dry_run_shows_the_summary_and_writes_nothing(coordinator):
    before = counts()
    response = upload(coordinator, CENSUS.read_bytes(), dry_run=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Simulation réussie pour 21 lignes" in html
    assert "21 organisations créées" in html
    assert counts() == before


def test_warnings_are_shown(coordinator):
    response = upload(coordinator, b"name,commune,remarque\nX,Arras,rien\n", dry_run=True)
    assert "Colonne inconnue, ignorée : « remarque »" in response.get_data(as_text=True)


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
    html = " ".join(response.get_data(as_text=True).split())
    assert "<caption>Erreurs du fichier" in html
    assert "3 erreurs : rien n'a été importé" in html
    assert "<tr><td>3</td><td>commune</td><td>Commune inconnue" in html
    assert "<tr><td>4</td><td>needs</td>" in html
    assert "<tr><td>4</td><td>mentor_capacity</td>" in html
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        ("name,commune\nCafé,Arras\n".encode("cp1252"), "UTF-8"),
        (b"PK\x03\x04" + bytes(100), "pas un fichier texte"),
        (b"commune\nArras\n", "« name » manquante"),
        (b"name,commune\r\n", "aucune organisation"),
    ],
)
def test_bad_uploads_answer_422(coordinator, content, message):
    before = counts()
    response = upload(coordinator, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#34;", '"')
    assert counts() == before


def test_no_file_field_answers_422(coordinator):
    response = coordinator.post(IMPORT, data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choisissez un fichier CSV." in response.get_data(as_text=True)


def test_file_larger_than_the_limit_answers_413(app, coordinator, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 10_000)
    before = counts()
    response = upload(coordinator, b"name,commune\n" + b"X,Arras\n" * 2000)
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.get_data(as_text=True)
    assert counts() == before


def test_export_download(make, coordinator):
    make.organisation("Cliss XXI", commune_insee="62510")
    response = coordinator.get(EXPORT)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="reseau-entraide-')
    assert response.headers["Cache-Control"] == "no-store"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffname;commune;postal_code;")
    assert "\r\nCliss XXI;Liévin;62800;" in text


def test_export_then_import_through_the_web(make, coordinator):
    org = make.organisation("Cliss XXI", commune_insee="62510")
    make.need(org, "gestion", "Compta")
    exported = coordinator.get(EXPORT).data
    response = upload(coordinator, exported)
    assert response.status_code == 302
    assert "0 organisation créée, 0 mise à jour, 1 inchangée" in coordinator.get(
        "/organisations"
    ).get_data(as_text=True)


def test_model_file_is_a_valid_import(coordinator):
    response = coordinator.get(MODEL)
    assert response.status_code == 200
    assert "modele-import-organisations.csv" in response.headers["Content-Disposition"]
    result = upload(coordinator, response.data, dry_run=True)
    assert result.status_code == 200
    assert "1 organisation créée" in result.get_data(as_text=True)


@pytest.mark.parametrize("role", ["member", "viewer"])
@pytest.mark.parametrize(
    ("method", "path"), [("get", IMPORT), ("post", IMPORT), ("get", EXPORT), ("get", MODEL)]
)
def test_other_roles_get_403(make, client, login_as, role, method, path):
    login_as(make.user(role))
    before = counts()
    response = upload(client, CENSUS.read_bytes()) if method == "post" else client.get(path)
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
