"""A member organisation reads a testimony about it and approves or refuses it (thin views)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..core.extensions import db
from ..models import ReportHighlight
from ..models.testimony import text_digest
from ..suggestions import territory_table
from ..web.access import roles_required
from . import queries, services
from .forms import ANSWERS, AnswerForm

bp = Blueprint("testimonies", __name__, url_prefix="/temoignages")


def _approval_or_404(highlight_id: int):
    """The member's organisation's approval of this testimony; anyone else: 404."""
    highlight = db.session.get(ReportHighlight, highlight_id)
    approval = (
        queries.approval_of(highlight_id, current_user.organisation_id) if highlight else None
    )
    if approval is None:
        abort(404)
    return approval


def _page(approval, form, status: int = 200):
    org = approval.organisation
    return render_template(
        "testimonies/show.html",
        approval=approval,
        highlight=approval.highlight,
        form=form,
        answers=ANSWERS,
        described=queries.describe(org, territory_table.assignments()),
        sent=services.sent_on(approval.highlight.year),
    ), status


@bp.route("/<int:highlight_id>")
@roles_required("member")
def show(highlight_id: int):
    """The exact text, how the organisation would appear, and its answer."""
    approval = _approval_or_404(highlight_id)
    current = approval.status if approval.status != "pending" else None
    # The digest of the text this page shows: the answer is about it, and nothing else.
    highlight = approval.highlight
    form = AnswerForm(
        formdata=None, answer=current, digest=text_digest(highlight.title, highlight.quote)
    )
    return _page(approval, form)


@bp.route("/<int:highlight_id>/reponse", methods=["POST"])
@roles_required("member")
def answer(highlight_id: int):
    """Approve (with or without the name) or refuse; changeable until the report is sent."""
    approval = _approval_or_404(highlight_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _page(approval, form, 422)
    services.answer(approval, current_user, form.answer.data, form.digest.data)
    db.session.commit()
    flash(
        "Votre réponse est enregistrée. Vous pouvez la changer jusqu'à l'envoi du bilan.", "success"
    )
    return redirect(url_for("testimonies.show", highlight_id=highlight_id))
