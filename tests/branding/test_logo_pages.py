"""The coordination uploads the funder's logo; the funder sees it; a bad file writes nothing."""

import io

from entraide.core.extensions import db
from entraide.models import AuditEntry, FunderLogo
from tests.branding.test_images import png, svg, use_bomb
from tests.web.helpers import text_of

PAGE = "/tableau-de-bord/logo"


def upload(client, data: bytes, name="logo.png", alt="62, Pas-de-Calais Mon Département"):
    return client.post(
        PAGE,
        data={"file": (io.BytesIO(data), name), "alt_text": alt},
        content_type="multipart/form-data",
    )


def rows(app):
    with app.app_context():
        return (
            db.session.scalar(db.select(db.func.count(FunderLogo.id))),
            db.session.scalar(db.select(db.func.count(AuditEntry.id))),
        )


def test_the_coordination_uploads_a_png_and_the_funder_sees_it(app, make, client, login_as):
    login_as(make.coordinator())
    assert "Aucun logo enregistré" in text_of(client.get(PAGE))

    response = upload(client, png(40, 20))

    assert response.status_code == 302
    page = text_of(client.get(PAGE))
    assert "Logo enregistré" in page and "PNG, 40 × 20 pixels" in page
    login_as(make.viewer())
    image = client.get(PAGE + "/image")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data == png(40, 20)
    assert "sandbox" in image.headers["Content-Security-Policy"]


def test_a_new_logo_replaces_the_old_and_the_journal_says_so(app, make, client, login_as):
    login_as(make.coordinator())
    upload(client, png())
    upload(client, svg(), name="logo.svg", alt="Logo du Département")
    with app.app_context():
        logo = db.session.get(FunderLogo, 1)
        assert (logo.media_type, logo.alt_text) == ("image/svg+xml", "Logo du Département")
    journal = text_of(client.get("/journal"))
    assert "a remplacé le logo du Département du bilan (SVG)" in journal
    assert "a enregistré le logo du Département du bilan (PNG)" in journal


def test_a_hostile_svg_is_refused_beside_the_field_and_nothing_is_written(
    app, make, client, login_as
):
    login_as(make.coordinator())
    before = rows(app)

    response = upload(client, svg(b"<script>alert(1)</script>"), name="logo.svg")

    assert response.status_code == 422
    body = text_of(response)
    assert "Ce fichier SVG contient un script : il n'est pas accepté." in body
    assert rows(app) == before


def test_a_logo_of_nested_copies_is_refused_and_nothing_is_written(app, make, client, login_as):
    login_as(make.coordinator())
    before = rows(app)

    response = upload(client, use_bomb(6), name="logo.svg")

    assert response.status_code == 422
    assert "plus de 50 éléments « use »" in text_of(response)
    assert rows(app) == before


def test_a_file_named_png_that_is_html_is_refused(app, make, client, login_as):
    login_as(make.coordinator())
    before = rows(app)
    response = upload(client, b"<html><body>pas une image</body></html>", name="logo.png")
    assert response.status_code == 422
    assert "Le logo doit être une image PNG ou SVG" in text_of(response)
    assert rows(app) == before


def test_no_file_is_a_french_error(app, make, client, login_as):
    login_as(make.coordinator())
    response = client.post(PAGE, data={"alt_text": "Logo"}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choisissez le fichier du logo." in text_of(response)


def test_the_logo_is_removed_after_confirmation(app, make, client, login_as):
    login_as(make.coordinator())
    upload(client, png())
    response = client.post(PAGE + "/retirer")
    assert response.status_code == 302
    assert rows(app)[0] == 0
    assert client.get(PAGE + "/image").status_code == 404
    assert "a retiré le logo du Département du bilan" in text_of(client.get("/journal"))


def test_removing_when_there_is_none_says_so(app, make, client, login_as):
    login_as(make.coordinator())
    response = client.post(PAGE + "/retirer")
    assert response.status_code == 404
    assert "Aucun logo n'est enregistré." in text_of(response)


def test_members_cannot_upload(app, make, client, login_as):
    login_as(make.member())
    assert upload(client, png()).status_code == 403
    assert rows(app)[0] == 0


def test_removed_then_set_again_in_one_transaction_keeps_the_new_logo(app, make):
    from entraide.branding import services

    coordinator = make.coordinator()
    with app.app_context():
        services.set_logo(coordinator, png(), "Premier")
        services.remove_logo(coordinator)
        services.set_logo(coordinator, svg(), "Second")
        db.session.commit()
    with app.app_context():
        logo = db.session.get(FunderLogo, 1)
        assert (logo.media_type, logo.alt_text) == ("image/svg+xml", "Second")
