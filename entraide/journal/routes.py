"""The audit log, read-only: no route here changes or deletes an entry."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from ..core.extensions import db
from ..models.user import ROLES
from ..web.access import coordinator_required
from . import (
    meeting_sentences,  # noqa: F401 - registers the planned meetings' sentences
    queries,
)
from .forms import JournalFilterForm
from .sentences import describe

bp = Blueprint("journal", __name__, url_prefix="/journal")

PER_PAGE = 50
TITLE = "Journal des actions"


@bp.route("")
@coordinator_required
def index():
    """Who did what and when, as sentences; filtered by organisation, action, actor, dates."""
    form = JournalFilterForm(formdata=request.args)
    organisations, actors = queries.filter_options()
    form.set_choices(organisations, queries.kind_choices(), actors)
    page = request.args.get("page", 1, type=int)
    if not form.validate() or page < 1:
        if page < 1:
            form.form_errors.append("Le numéro de page doit être un entier positif.")
        return render_template(
            "journal/index.html", form=form, pagination=None, lines=[], roles=ROLES, title=TITLE
        ), 422
    query = queries.entries_query(
        form.organisation_id, form.kind.data, form.actor.data, form.start.data, form.end.data
    )
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    return render_template(
        "journal/index.html",
        form=form,
        pagination=pagination,
        lines=describe(list(pagination.items), current_user),
        roles=ROLES,
        title=TITLE,
        first_page=url_for(
            "journal.index", **{k: v for k, v in request.args.items() if k != "page"}
        ),
    )
