"""The audit log, read-only: no route here changes or deletes an entry."""

from flask import Blueprint, render_template, request

from ..core.extensions import db
from ..models.user import ROLES
from ..web.access import coordinator_required
from . import queries
from .forms import JournalFilterForm
from .labels import action_label, object_label

LABELS = {"object_label": object_label, "action_label": action_label}

bp = Blueprint("journal", __name__, url_prefix="/journal")

PER_PAGE = 50


@bp.route("")
@coordinator_required
def index():
    """Who did what and when, filtered by object type, action, actor and dates."""
    form = JournalFilterForm(formdata=request.args)
    form.set_choices(*queries.filter_options())
    if not form.validate():
        return render_template(
            "journal/index.html", form=form, pagination=None, queries=queries, roles=ROLES, **LABELS
        ), 422
    query = queries.entries_query(
        form.object_type.data, form.action.data, form.actor.data, form.start.data, form.end.data
    )
    pagination = db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "journal/index.html",
        form=form,
        pagination=pagination,
        queries=queries,
        roles=ROLES,
        **LABELS,
    )
