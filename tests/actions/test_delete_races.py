"""Deleting an action while a document is uploaded to it, on PostgreSQL: the document's
file never stays on disk without its row (an attendance sheet holds personal data)."""

import io
import threading
import time

from entraide.actions import services
from entraide.core.extensions import db
from entraide.demo.actions import demo_pdf, demo_png
from entraide.models import ActionDocument, NetworkAction
from tests.actions.conftest import files_in
from tests.concurrency import WINDOW, fresh, logged_in_client, postgres_only, race_requests
from tests.web.helpers import text_of

pytestmark = postgres_only


def _pause_at(monkeypatch, audit_action: str) -> threading.Event:
    """The request writing ``audit_action`` says it got there, then waits a moment before
    writing it: whatever it has locked (or read) so far, it holds meanwhile."""
    reached = threading.Event()
    original = services.record

    def paused(actor, obj, action, *args, **kwargs):
        if action == audit_action:
            reached.set()
            time.sleep(WINDOW)
        return original(actor, obj, action, *args, **kwargs)

    monkeypatch.setattr(services, "record", paused)
    return reached


def _once(reached: threading.Event, send):
    """``send``, once the other request has reached its pause."""

    def later():
        assert reached.wait(10), "the first request never reached its pause"
        return send()

    return later


def _upload(client, action_id: int):
    return client.post(
        f"/actions/{action_id}/pieces",
        data={"kind": "attendance", "file": (io.BytesIO(demo_pdf("Émargement")), "liste.pdf")},
        content_type="multipart/form-data",
    )


def _delete(client, action_id: int):
    return client.post(f"/actions/{action_id}/supprimer")


def test_an_action_deleted_during_an_upload_takes_the_new_file_with_it(
    app, world, action, pieces, monkeypatch
):
    services.add_document(action, None, "photo", "salle.png", demo_png())
    db.session.commit()
    action_id = action.id
    reached = _pause_at(monkeypatch, "action_document.add")
    uploader, deleter = (logged_in_client(app, world["coordinator"]) for _ in range(2))

    uploaded, deleted = race_requests(
        [
            lambda: _upload(uploader, action_id),
            _once(reached, lambda: _delete(deleter, action_id)),
        ]
    )

    assert (uploaded.status_code, deleted.status_code) == (302, 302)
    assert fresh(db.select(db.func.count(NetworkAction.id))).scalar() == 0
    assert fresh(db.select(db.func.count(ActionDocument.id))).scalar() == 0
    assert files_in(pieces) == []  # the photo's file and the attendance sheet's


def test_an_upload_to_an_action_being_deleted_is_refused_and_leaves_no_file(
    app, world, action, pieces, monkeypatch
):
    action_id = action.id
    reached = _pause_at(monkeypatch, "action.delete")
    deleter, uploader = (logged_in_client(app, world["coordinator"]) for _ in range(2))

    deleted, uploaded = race_requests(
        [
            lambda: _delete(deleter, action_id),
            _once(reached, lambda: _upload(uploader, action_id)),
        ]
    )

    assert (deleted.status_code, uploaded.status_code) == (302, 404)
    page = text_of(uploaded)
    assert "Cette action vient d'être supprimée." in page
    assert "Rien n'a été enregistré." in page
    assert fresh(db.select(db.func.count(ActionDocument.id))).scalar() == 0
    assert files_in(pieces) == []
