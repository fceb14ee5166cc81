"""An answer and an edit of the same testimony at the same moment, on PostgreSQL: the answer
never covers a text the organisation did not read."""

import threading
from datetime import date

from sqlalchemy import event

from entraide.core.extensions import db
from entraide.models import HighlightApproval, ReportHighlight, User
from entraide.models.testimony import text_digest
from entraide.reports import services as reports
from entraide.testimonies import queries, services
from tests.concurrency import WINDOW, fresh, postgres_only, race

pytestmark = postgres_only

YEAR = date.today().year


def test_an_answer_racing_an_edit_does_not_approve_the_new_text(app, network):
    coordinator, mentee = network["coordinator"], network["mentee"]
    old = f"{mentee.name} a tenu sa première AG."
    new = f"{mentee.name} était au bord du dépôt de bilan."
    highlight = reports.add_highlight(coordinator, YEAR, old)
    db.session.commit()
    ids = (highlight.id, coordinator.id, mentee.id, network["mentee_user"].id)
    # The edit reads the testimony's approvals, then waits (while the answer goes on, or
    # until it stops on a lock) before writing them: the gap a concurrent answer would use.
    editing, edit_read, answered = threading.local(), threading.Event(), threading.Event()

    def pause_after_reading_approvals(conn, cursor, statement, *args):
        if getattr(editing, "on", False) and "FROM report_highlight_approval" in statement:
            editing.on = False
            edit_read.set()
            answered.wait(3 * WINDOW)

    def edit():
        editing.on = True
        reports.update_highlight(
            db.session.get(User, ids[1]), db.session.get(ReportHighlight, ids[0]), new
        )

    def answer():
        edit_read.wait(10)
        try:
            services.answer(
                queries.approval_of(ids[0], ids[2]),
                db.session.get(User, ids[3]),
                "approved",
                text_digest("", old),  # the text the member's page showed
            )
            db.session.flush()
        finally:
            answered.set()

    event.listen(db.engine, "after_cursor_execute", pause_after_reading_approvals)
    try:
        outcomes = race(app, [edit, answer])
    finally:
        event.remove(db.engine, "after_cursor_execute", pause_after_reading_approvals)

    assert outcomes == ["ok", "UserError"]  # the answer is refused: the text changed
    approval = fresh(db.select(HighlightApproval)).scalar_one()
    assert (approval.status, approval.text_digest) == ("pending", text_digest("", new))
    assert queries.shown(YEAR) == []
