"""The register's pages: list and filters, the form and its errors, documents uploaded,
served only to the coordination and the funder, removed after confirmation."""

import io
from datetime import date, timedelta

import pytest

from entraide.actions import services
from entraide.core.extensions import db
from entraide.demo.actions import demo_pdf, demo_png
from entraide.models import ActionDocument, AuditEntry, NetworkAction
from entraide.models.action import MAX_DOCUMENT_BYTES
from tests.actions.conftest import PAST, data, files_in
from tests.web.helpers import field_errors, text_of


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _form(**fields) -> dict:
    values = {
        "title": "Formation des élu·es",
        "axis": "2",
        "kind": "formation_collectivites",
        "status": "held",
        "held_on": PAST.isoformat(),
        "commune": "Arras",
        "place_label": "Hôtel du Département",
        "outside_hosts": "Mission ESS du Département",
        "outside_partners": "APES ; RTES\nUne commune",
        "audience": ["elus", "techniciens"],
        "people_count": "22",
        "organisations_count": "9",
        "account": "Statuts, multisociétariat.",
    }
    values.update(fields)
    return values


def test_the_coordination_records_an_action(client, login_as, world, app_ctx):
    login_as(world["coordinator"])
    form = _form(host_ids=[str(world["lens"].id)], partner_ids=[str(world["arras"].id)])
    response = client.post("/actions/nouvelle", data=form)
    assert response.status_code == 302
    action = db.session.execute(db.select(NetworkAction)).scalar_one()
    assert action.commune_insee == "62041" and action.axis == 2
    assert action.outside_partners == "APES; RTES; Une commune"
    assert action.audience == ["elus", "techniciens"]
    page = text_of(client.get(response.headers["Location"]))
    for expected in (
        "Formation des élu·es",
        "Hôtel du Département, Arras (62000)",
        "Coop de Lens",
        "APES, RTES, Une commune",
        "Élu·es, Technicien·nes",
    ):
        assert expected in page


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"held_on": (date.today() + timedelta(days=3)).isoformat()},
            "ne peut pas être dans le futur",
        ),
        ({"commune": "Gotham"}, "Gotham"),
        ({"people_count": "-4"}, "nombre positif ou nul"),
        ({"organisations_count": "douze"}, "entier"),
        ({"held_on": "2024-02-30"}, "date"),
        ({"ends_on": (PAST - timedelta(days=2)).isoformat()}, "ne peut pas précéder"),
        ({"title": ""}, "intitulé"),
        ({"axis": "7"}, "choix"),
    ],
)
def test_bad_input_shows_a_french_error_and_writes_nothing(
    client, login_as, world, app_ctx, fields, message
):
    login_as(world["coordinator"])
    audit = _count(AuditEntry)
    response = client.post("/actions/nouvelle", data=_form(**fields))
    assert response.status_code == 422
    errors = field_errors(response)
    assert any(message.lower() in error.lower() for error in errors), errors
    assert _count(NetworkAction) == 0 and _count(AuditEntry) == audit


def test_host_and_partner_at_once_is_refused(client, login_as, world, app_ctx):
    login_as(world["coordinator"])
    both = [str(world["lens"].id)]
    response = client.post("/actions/nouvelle", data=_form(host_ids=both, partner_ids=both))
    assert response.status_code == 422 and _count(NetworkAction) == 0
    assert "à la fois accueillante et partenaire" in " ".join(field_errors(response))


def test_edit_keeps_what_is_not_changed(client, login_as, world, action, app_ctx):
    login_as(world["coordinator"])
    page = text_of(client.get(f"/actions/{action.id}/modifier"))
    assert 'value="Atelier bénévolat"' in page
    response = client.post(
        f"/actions/{action.id}/modifier",
        data=_form(
            title="Atelier renommé",
            host_ids=[str(world["arras"].id)],
            version=str(action.version),
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert action.title == "Atelier renommé" and action.axis == 2


def test_a_correction_from_a_stale_page_is_refused(client, login_as, world, action, app_ctx):
    """Two coordinators opened the same action: the second save would silently undo the
    first one; it is refused in French and writes nothing."""
    login_as(world["coordinator"])
    opened_at = str(action.version)
    first = client.post(
        f"/actions/{action.id}/modifier", data=_form(title="Premier titre", version=opened_at)
    )
    assert first.status_code == 302
    second = client.post(
        f"/actions/{action.id}/modifier", data=_form(title="Second titre", version=opened_at)
    )
    assert second.status_code == 409
    assert "modifiée par quelqu'un d'autre" in text_of(second)
    db.session.expire_all()
    assert action.title == "Premier titre"
    without = client.post(f"/actions/{action.id}/modifier", data=_form(title="Sans version"))
    assert without.status_code == 409
    db.session.expire_all()
    assert action.title == "Premier titre"


def test_list_filters_paginates_and_has_an_empty_state(client, login_as, world, app_ctx):
    login_as(world["viewer"])
    empty = text_of(client.get("/actions"))
    assert "Aucune action" in empty and "Nouvelle action" not in empty
    for day in range(30):
        services.create_action(
            None,
            data(
                title=f"Action {day}",
                held_on=date(2023, 1, 1) + timedelta(days=day * 10),
                axis=1 + day % 4,
                status="held" if day % 3 else "cancelled",
            ),
        )
    db.session.commit()
    first = text_of(client.get("/actions"))
    assert "Page 1 sur 2" in first and "30 actions" in first
    axis2 = text_of(client.get("/actions?axe=2"))
    assert "Action 1<" in axis2 and "Action 2<" not in axis2
    cancelled = text_of(client.get("/actions?statut=cancelled&annee=2023"))
    assert "Action 3<" in cancelled and "Action 4<" not in cancelled
    none = text_of(client.get("/actions?annee=2031"))
    assert "Aucune action pour ces filtres" in none
    assert client.get("/actions?axe=9").status_code == 422
    assert client.get("/actions?annee=deux-mille").status_code == 422


def multipart(fields: dict, content: bytes, name: str) -> tuple[bytes, str]:
    """A browser's multipart body, built in memory: the test client spools large bodies to
    a temporary file it never closes (a ResourceWarning in a later test)."""
    boundary = "----entraide-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _upload(client, action_id, content, name, kind="attendance"):
    body, content_type = multipart({"kind": kind}, content, name)
    return client.post(
        f"/actions/{action_id}/pieces",
        input_stream=io.BytesIO(body),
        content_type=content_type,
        content_length=len(body),
    )


def test_upload_then_download_as_an_attachment(client, login_as, world, action, pieces, app_ctx):
    login_as(world["coordinator"])
    response = _upload(client, action.id, demo_pdf("Feuille"), "émargement atelier.pdf")
    assert response.status_code == 302
    document = db.session.execute(db.select(ActionDocument)).scalar_one()
    assert files_in(pieces) == [document.stored_name]
    for role in ("coordinator", "viewer"):
        login_as(world[role])
        got = client.get(f"/actions/{action.id}/pieces/{document.id}")
        assert got.status_code == 200 and got.mimetype == "application/pdf"
        assert got.headers["Content-Disposition"].startswith("attachment;")
        assert (
            "filename*=UTF-8''%C3%A9margement%20atelier.pdf" in got.headers["Content-Disposition"]
        )
        assert got.headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in got.headers["Cache-Control"]
        assert got.data == demo_pdf("Feuille")


def test_documents_are_refused_to_members_and_visitors(
    client, login_as, world, action, pieces, app_ctx
):
    document = services.add_document(action, None, "photo", "salle.png", demo_png())
    db.session.commit()
    url = f"/actions/{action.id}/pieces/{document.id}"
    assert client.get(url).status_code == 302  # to the login page
    login_as(world["member"])
    assert client.get(url).status_code == 403
    assert client.get(f"/actions/{action.id}").status_code == 403
    login_as(world["coordinator"])
    other = services.create_action(None, data(title="Autre"))
    db.session.commit()
    assert client.get(f"/actions/{other.id}/pieces/{document.id}").status_code == 404
    assert client.get(f"/actions/{action.id}/pieces/{document.id + 1}").status_code == 404


@pytest.mark.parametrize(
    "content, name, kind, status, message",
    [
        (
            b"%PDF-" + b"1" * (MAX_DOCUMENT_BYTES - 4),
            "lourd.pdf",
            "programme",
            413,
            "dépasse 10 Mo",
        ),
        (demo_png(), "feuille.pdf", "attendance", 422, "annoncé comme PDF mais contient un PNG"),
        (b"<!doctype html><script>alert(1)</script>", "photo.png", "photo", 422, "n'est ni un PDF"),
        (demo_pdf("x"), "programme.exe", "programme", 422, "n'est pas accepté"),
        (demo_pdf("x"), "photo.pdf", "photo", 422, "Une photo est une image"),
    ],
)
def test_bad_uploads_say_why_and_leave_nothing(
    client, login_as, world, action, pieces, app_ctx, content, name, kind, status, message
):
    login_as(world["coordinator"])
    audit = _count(AuditEntry)
    response = _upload(client, action.id, content, name, kind)
    assert response.status_code == status
    assert message in text_of(response)
    assert "La pièce n'a pas été jointe" in text_of(response)
    assert _count(ActionDocument) == 0 and _count(AuditEntry) == audit
    assert files_in(pieces) == []


def test_a_file_of_exactly_10_mo_goes_through_the_web(
    client, login_as, world, action, pieces, app_ctx
):
    login_as(world["coordinator"])
    content = b"%PDF-" + b"1" * (MAX_DOCUMENT_BYTES - 5)
    response = _upload(client, action.id, content, "pile-10-mo.pdf")
    assert response.status_code == 302
    [name] = files_in(pieces)
    assert (pieces / name).stat().st_size == MAX_DOCUMENT_BYTES


def test_a_body_beyond_the_limit_is_refused_before_reading(
    client, login_as, world, action, pieces, app_ctx
):
    login_as(world["coordinator"])
    response = _upload(client, action.id, b"%PDF-" + b"1" * (12 * 1024 * 1024), "enorme.pdf")
    assert response.status_code == 413
    assert "Le fichier dépasse 10 Mo" in text_of(response)
    assert _count(ActionDocument) == 0 and files_in(pieces) == []


def test_other_forms_keep_the_general_limit(client, login_as, world, app_ctx):
    login_as(world["coordinator"])
    body = f"title=Atelier&account={'x' * (6 * 1024 * 1024)}".encode()
    response = client.post(
        "/actions/nouvelle",
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        content_length=len(body),
    )
    assert response.status_code == 413


def test_upload_without_file_or_kind_is_a_form_error(
    client, login_as, world, action, pieces, app_ctx
):
    login_as(world["coordinator"])
    response = client.post(f"/actions/{action.id}/pieces", data={"kind": ""})
    assert response.status_code == 422
    assert {"Choisissez le type de pièce.", "Choisissez un fichier."} <= set(field_errors(response))


def test_remove_a_document_and_delete_an_action(client, login_as, world, action, pieces, app_ctx):
    document = services.add_document(
        action, None, "press", "article.jpg", b"\xff\xd8\xff\xe0" + b"0" * 50
    )
    db.session.commit()
    login_as(world["coordinator"])
    page = text_of(client.get(f"/actions/{action.id}"))
    assert "sera supprimée définitivement" in page  # the confirmation before the button
    response = client.post(f"/actions/{action.id}/pieces/{document.id}/retirer")
    assert response.status_code == 302 and files_in(pieces) == []
    services.add_document(
        db.session.get(NetworkAction, action.id), None, "photo", "p.png", demo_png()
    )
    db.session.commit()
    assert client.post(f"/actions/{action.id}/supprimer").status_code == 302
    assert _count(NetworkAction) == 0 and files_in(pieces) == []
