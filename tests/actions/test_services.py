"""The register's rules, whoever enters an action; documents kept only when committed."""

from datetime import date, timedelta

import pytest

from entraide.actions import services, storage
from entraide.core.errors import UserError
from entraide.core.extensions import db
from entraide.demo.actions import demo_pdf, demo_png
from entraide.models import ActionDocument, AuditEntry, NetworkAction
from entraide.models.action import MAX_DOCUMENT_BYTES
from tests.actions.conftest import PAST, data, files_in

TOMORROW = date.today() + timedelta(days=1)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"status": "held", "held_on": TOMORROW}, "réalisée ne peut pas être datée dans le futur"),
        ({"status": "held", "ends_on": TOMORROW}, "réalisée ne peut pas être datée dans le futur"),
        ({"ends_on": PAST - timedelta(days=1)}, "ne peut pas précéder"),
        ({"commune_insee": "59350"}, "Commune inconnue"),
        ({"people_count": -1}, "personnes présentes"),
        ({"organisations_count": -3}, "organisations présentes"),
        ({"axis": 5}, "axe"),
        ({"kind": "apéro"}, "Type d'action inconnu"),
        ({"status": "done"}, "Statut inconnu"),
        ({"audience": ["martiens"]}, "Public inconnu"),
        ({"title": "   "}, "titre"),
        ({"outside_partners": ["x" * 121]}, "120 caractères"),
    ],
)
def test_bad_actions_are_refused_and_nothing_is_written(world, fields, message):
    with pytest.raises(UserError, match=message) as refused:
        services.create_action(world["coordinator"], data(**fields))
    assert refused.value.status == 422
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(NetworkAction.id))) == 0
    assert (
        db.session.scalar(db.select(db.func.count(AuditEntry.id)).filter_by(action="action.create"))
        == 0
    )


def test_planned_actions_may_be_in_the_future_and_cancelled_ones_anywhere(world):
    planned = services.create_action(world["coordinator"], data(status="planned", held_on=TOMORROW))
    cancelled = services.create_action(
        world["coordinator"], data(status="cancelled", held_on=TOMORROW)
    )
    assert planned.status == "planned" and cancelled.status == "cancelled"


def test_an_organisation_is_host_or_partner_not_both(world):
    with pytest.raises(UserError, match="à la fois"):
        services.create_action(
            world["coordinator"], data(hosts=[world["lens"]], partners=[world["lens"]])
        )


def test_update_keeps_before_and_after_and_replaces_links(world, action):
    services.update_action(
        action,
        world["coordinator"],
        data(hosts=[world["arras"]], partners=[world["lens"]], people_count=12, audience=["elus"]),
    )
    db.session.commit()
    assert [o.name for o in action.host_organisations] == ["Coop d'Arras"]
    assert [o.name for o in action.partner_organisations] == ["Coop de Lens"]
    assert action.audience == ["elus"]
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="action.update")).scalar_one()
    assert entry.before["host_ids"] == [world["lens"].id]
    assert entry.after["host_ids"] == [world["arras"].id] and entry.after["people_count"] == 12


def test_a_document_is_stored_under_a_random_name(world, action, pieces):
    document = services.add_document(
        action, world["coordinator"], "attendance", "Feuille d'émargement.pdf", demo_pdf("x")
    )
    db.session.commit()
    [name] = files_in(pieces)
    assert name == document.stored_name and name.endswith(".pdf") and "margement" not in name
    assert len(name) == 36
    assert (pieces / name).read_bytes().startswith(b"%PDF-")
    assert (pieces / name).stat().st_mode & 0o077 == 0
    assert document.original_name == "Feuille d'émargement.pdf"


@pytest.mark.parametrize(
    "kind, name, content, status, message",
    [
        ("attendance", "grosse.pdf", b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES, 413, "dépasse 10 Mo"),
        ("attendance", "vide.pdf", b"", 422, "est vide"),
        ("photo", "photo.pdf", demo_png(), 422, "annoncé comme PDF mais contient un PNG"),
        ("photo", "page.png", b"<html><body>pas une image</body></html>", 422, "n'est ni un PDF"),
        ("press", "article.docx", b"PK\x03\x04", 422, "n'est pas accepté"),
        ("photo", "scan.pdf", demo_pdf("x"), 422, "Une photo est une image"),
        ("certificat", "a.pdf", demo_pdf("x"), 422, "type de pièce"),
    ],
)
def test_bad_documents_write_neither_row_nor_file(
    world, action, pieces, kind, name, content, status, message
):
    with pytest.raises(UserError, match=message) as refused:
        services.add_document(action, world["coordinator"], kind, name, content)
    assert refused.value.status == status
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(ActionDocument.id))) == 0
    assert files_in(pieces) == []


def test_exactly_10_mo_is_accepted(world, action, pieces):
    content = b"%PDF-" + b"0" * (MAX_DOCUMENT_BYTES - 5)
    services.add_document(action, world["coordinator"], "programme", "p.pdf", content)
    db.session.commit()
    assert len(files_in(pieces)) == 1


def test_a_file_written_in_a_transaction_that_fails_is_deleted(world, action, pieces):
    services.add_document(action, world["coordinator"], "programme", "p.pdf", demo_pdf("x"))
    assert len(files_in(pieces)) == 1  # written, not yet committed
    db.session.rollback()
    assert files_in(pieces) == []
    assert db.session.scalar(db.select(db.func.count(ActionDocument.id))) == 0


def test_removed_documents_leave_the_disk_once_committed(world, action, pieces):
    document = services.add_document(action, world["coordinator"], "photo", "s.png", demo_png())
    db.session.commit()
    services.remove_document(document, world["coordinator"])
    assert len(files_in(pieces)) == 1  # a rollback would still find it
    db.session.rollback()
    assert len(files_in(pieces)) == 1
    document = db.session.get(ActionDocument, document.id)
    services.remove_document(document, world["coordinator"])
    db.session.commit()
    assert files_in(pieces) == []


def test_deleting_an_action_deletes_its_documents(world, action, pieces):
    for name in ("a.pdf", "b.pdf"):
        services.add_document(action, world["coordinator"], "programme", name, demo_pdf(name))
    db.session.commit()
    services.delete_action(action, world["coordinator"])
    db.session.commit()
    assert files_in(pieces) == []
    assert db.session.scalar(db.select(db.func.count(ActionDocument.id))) == 0
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="action.delete")).scalar_one()
    assert entry.before["documents"] == 2


def test_a_document_for_an_action_deleted_meanwhile_is_refused_before_its_file(
    world, action, pieces
):
    # Deleted by another request after this one loaded the action.
    db.session.execute(db.delete(NetworkAction).where(NetworkAction.id == action.id))
    db.session.commit()
    with pytest.raises(UserError, match="Cette action vient d'être supprimée.") as refused:
        services.add_document(action, None, "attendance", "liste.pdf", demo_pdf("x"))
    assert refused.value.status == 404
    db.session.rollback()
    assert files_in(pieces) == []


def test_path_of_refuses_names_it_never_makes(app_ctx, pieces):
    assert storage.path_of("../secret_key") is None
    assert storage.path_of("a" * 32 + ".html") is None
    assert storage.path_of("0" * 32 + ".pdf") == pieces / ("0" * 32 + ".pdf")
