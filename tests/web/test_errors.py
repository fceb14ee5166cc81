"""Error pages (French HTML, nothing leaked) and the headers of every response."""

import logging

import pytest

import entraide.declarations.services as declaration_services
from entraide.core.extensions import db
from entraide.models import AuditEntry, Need
from tests.web.helpers import text_of


def _is_french_error_page(response, code: int, title: str) -> bool:
    body = text_of(response)
    return (
        response.status_code == code
        and response.mimetype == "text/html"
        and '<html lang="fr">' in body
        and f"{title} <small>(erreur {code})" in body
    )


def test_404_page(client):
    response = client.get("/cette-page-n-existe-pas")
    assert _is_french_error_page(response, 404, "Page introuvable")
    assert "Cette page n'existe pas ou n'est pas accessible." in text_of(response)


def test_405_page(client):
    response = client.get("/deconnexion")
    assert _is_french_error_page(response, 405, "Méthode non autorisée")


def test_403_page(make, client, login_as):
    login_as(make.viewer())
    response = client.get("/organisations")
    assert _is_french_error_page(response, 403, "Accès refusé")


def test_413_page(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    response = client.post("/connexion", data={"email": "x" * 2000, "password": "y"})
    assert _is_french_error_page(response, 413, "Fichier trop volumineux")


def test_api_errors_are_json(client):
    response = client.get("/api/inconnu")
    assert response.status_code == 404
    assert response.json == {
        "error": {"status": 404, "message": ("Cette page n'existe pas ou n'est pas accessible.")}
    }


@pytest.fixture
def failing_service(monkeypatch):
    """declare_need writes its row, then fails like a bug would."""
    original = declaration_services.declare_need

    def declare_then_fail(*args, **kwargs):
        original(*args, **kwargs)
        db.session.flush()
        raise RuntimeError("secret-detail-of-the-bug")

    monkeypatch.setattr(declaration_services, "declare_need", declare_then_fail)


def test_500_page_rolls_back_and_hides_the_traceback(
    failing_service, make, client, login_as, in_db, caplog
):
    member = make.member()
    login_as(member)

    with caplog.at_level(logging.ERROR, logger="entraide.web.errors"):
        response = client.post(
            f"/organisations/{member.organisation_id}/besoins/nouveau",
            data={"theme": "gestion", "text": "Un besoin", "urgency": "low"},
        )

    assert _is_french_error_page(response, 500, "Erreur interne")
    body = text_of(response)
    assert "Traceback" not in body and "secret-detail-of-the-bug" not in body
    assert "RuntimeError" not in body
    assert "secret-detail-of-the-bug" in caplog.text  # the log keeps it for the maintainers
    with in_db() as session:
        assert session.scalar(db.select(db.func.count(Need.id))) == 0
        assert (
            session.scalar(
                db.select(db.func.count(AuditEntry.id)).filter(AuditEntry.object_type == "Need")
            )
            == 0
        )
    # The app is still usable after the failure.
    assert client.get(f"/organisations/{member.organisation_id}").status_code == 200


def test_security_headers(client):
    response = client.get("/connexion")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "base-uri 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "no-store" not in headers.get("Cache-Control", "")


def test_pages_of_logged_in_users_are_not_cached(make, client, login_as):
    member = make.member()
    login_as(member)
    response = client.get(f"/organisations/{member.organisation_id}")
    assert response.headers["Cache-Control"] == "no-store"
