"""The actions register: list, page, form, deletion; documents uploaded, served, removed."""

import io
import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..core.errors import UserError
from ..core.extensions import db
from ..models import ActionDocument, NetworkAction
from ..models.action import MAX_DOCUMENT_BYTES
from ..web.access import coordinator_required, roles_required
from ..web.errors import back_to, refused
from ..web.forms import ConfirmForm
from ..web.uploads import upload_limit
from . import queries, services, storage
from .files import STORED_EXTENSIONS
from .forms import ActionFilterForm, ActionForm, DocumentForm, action_form_data

log = logging.getLogger(__name__)
bp = Blueprint("actions", __name__, url_prefix="/actions")

# The coordination keeps the register; the funder reads it and its documents (article 8).
coordination_or_funder = roles_required("coordinator", "viewer")
PER_PAGE = 25
# The file, plus the form's other fields and the multipart envelope.
UPLOAD_LIMIT = MAX_DOCUMENT_BYTES + 512 * 1024
TOO_LARGE = (
    "Le fichier dépasse 10 Mo : réduisez-le (PDF compressé, photo moins lourde) puis recommencez."
)


def _action_or_404(action_id: int) -> NetworkAction:
    return db.get_or_404(NetworkAction, action_id)


def _page(action: NetworkAction) -> str:
    return url_for("actions.show", action_id=action.id)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    action_id = (request.view_args or {}).get("action_id")
    back = url_for("actions.show", action_id=action_id) if action_id else url_for("actions.index")
    return refused(TOO_LARGE, back, 413)


@bp.route("")
@coordination_or_funder
def index():
    """The register, filtered by axis, year and status, 25 a page."""
    filters = ActionFilterForm(formdata=request.args)
    valid = filters.validate()
    query = queries.list_query()
    if valid:
        query = queries.list_query(
            axis=int(filters.axe.data) if filters.axe.data else None,
            year=filters.annee.data,
            status=filters.statut.data,
        )
    pagination = db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "actions/index.html", pagination=pagination, filters=filters, years=queries.years()
    ), 200 if valid else 422


@bp.route("/nouvelle", methods=["GET", "POST"])
@coordinator_required
def new():
    """Record an action of the register."""
    form = ActionForm()
    if form.validate_on_submit():
        back_to(url_for("actions.new"))
        action = services.create_action(current_user, form.action_data())
        db.session.commit()
        flash(
            "L'action est enregistrée : vous pouvez y joindre ses pièces justificatives.", "success"
        )
        return redirect(_page(action))
    status = 422 if form.is_submitted() else 200
    return render_template("actions/form.html", form=form, action=None), status


@bp.route("/<int:action_id>")
@coordination_or_funder
def show(action_id: int):
    """An action, its documents, and (coordination) the upload form."""
    return _show(_action_or_404(action_id))


def _show(action: NetworkAction, document_form=None, status: int = 200):
    return render_template(
        "actions/show.html",
        action=action,
        document_form=document_form or DocumentForm(formdata=None),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/<int:action_id>/modifier", methods=["GET", "POST"])
@coordinator_required
def edit(action_id: int):
    """Correct an action (the journal keeps what changed)."""
    action = _action_or_404(action_id)
    form = ActionForm(
        action=action, data=None if request.method == "POST" else action_form_data(action)
    )
    if form.validate_on_submit():
        back_to(url_for("actions.edit", action_id=action.id))
        keep_month = action.month_only and form.held_on.data == action.held_on
        services.update_action(
            action,
            current_user,
            form.action_data(month_only=keep_month),
            form.expected_version(),
        )
        db.session.commit()
        flash("L'action est modifiée.", "success")
        return redirect(_page(action))
    status = 422 if form.is_submitted() else 200
    return render_template("actions/form.html", form=form, action=action), status


@bp.route("/<int:action_id>/supprimer", methods=["POST"])
@coordinator_required
def delete(action_id: int):
    """Delete an action entered by mistake, with its documents (confirmed on its page)."""
    action = _action_or_404(action_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    title = action.title
    back_to(url_for("actions.index"))  # deleted meanwhile: "Action impossible", 404
    services.delete_action(action, current_user)
    db.session.commit()
    flash(f"L'action « {title} » et ses pièces sont supprimées.", "success")
    return redirect(url_for("actions.index"))


@bp.route("/<int:action_id>/pieces", methods=["POST"])
@upload_limit(UPLOAD_LIMIT)
@coordinator_required
def upload(action_id: int):
    """Attach a pièce justificative: checked from its content, then kept under instance/."""
    action = _action_or_404(action_id)
    form = DocumentForm()
    if not form.validate_on_submit():
        return _show(action, document_form=form, status=422)
    upload_file = form.file.data
    data = upload_file.read(MAX_DOCUMENT_BYTES + 1)
    try:
        services.add_document(action, current_user, form.kind.data, upload_file.filename, data)
        db.session.commit()
    except UserError as error:
        if error.status == 404:  # the action was deleted meanwhile: no page to show
            return refused(str(error), url_for("actions.index"), 404)
        db.session.rollback()
        form.file.errors = [str(error)]
        return _show(action, document_form=form, status=error.status)
    flash("La pièce est jointe à l'action.", "success")
    return redirect(_page(action))


def _document_or_404(action_id: int, document_id: int) -> ActionDocument:
    document = db.session.get(ActionDocument, document_id)
    if document is None or document.action_id != action_id:
        abort(404)
    return document


@bp.route("/<int:action_id>/pieces/<int:document_id>")
@coordination_or_funder
def download(action_id: int, document_id: int):
    """The file, as an attachment of its real type (never shown inline)."""
    document = _document_or_404(action_id, document_id)
    path = storage.path_of(document.stored_name)
    if path is None or not path.is_file():
        log.error("document %s: file missing on disk", document.id)
        abort(404)
    name = document.original_name
    extension = "." + STORED_EXTENSIONS[document.content_type]
    if not name.lower().endswith((extension, ".jpeg")):
        name += extension
    # Read whole (10 Mo at most): no file handle left to the WSGI server's good will.
    response = send_file(
        io.BytesIO(path.read_bytes()),
        mimetype=document.content_type,
        as_attachment=True,
        download_name=name,
        max_age=0,
        conditional=False,
        etag=False,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:action_id>/pieces/<int:document_id>/retirer", methods=["POST"])
@coordinator_required
def remove_document(action_id: int, document_id: int):
    """Remove a pièce (confirmed on the action's page)."""
    document = _document_or_404(action_id, document_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_document(document, current_user)
    db.session.commit()
    flash("La pièce est retirée.", "success")
    return redirect(url_for("actions.show", action_id=action_id))
