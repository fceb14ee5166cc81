"""« Qui peut m'aider ? » (young SCICs) and « Qui puis-je aider ? » (experienced SCICs)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..core.extensions import db
from ..models import SponsorRequest
from ..pairings import sponsor_requests
from ..web.access import roles_required
from ..web.errors import back_to, refused
from ..web.forms import ConfirmForm
from . import queries
from .forms import AskForm, OfferForm, errors_text

bp = Blueprint("helpfinder", __name__)


def _own_org():
    org = current_user.organisation
    if org is None:
        abort(404)
    return org


@bp.route("/qui-peut-m-aider")
@roles_required("member")
def who_can_help():
    """A young SCIC: the best sponsors for each of its open needs, and its requests."""
    org = _own_org()
    if not org.is_young:
        return redirect(url_for("helpfinder.who_i_can_help"))
    page = queries.who_can_help(org)
    return render_template(
        "helpfinder/who_can_help.html", page=page, form=AskForm(), confirm=ConfirmForm()
    )


@bp.route("/qui-peut-m-aider/demander", methods=["POST"])
@roles_required("member")
def ask():
    """Send « Demander ce parrainage » to the coordination's queue."""
    back = back_to(url_for("helpfinder.who_can_help"))
    form = AskForm()
    if not form.validate_on_submit():
        return refused(errors_text(form), back, 422)
    need_id, mentor_id = form.need_id.data, form.mentor_id.data
    score = queries.ask_score(current_user.organisation, need_id, mentor_id)
    item = sponsor_requests.ask(current_user, need_id, mentor_id, form.message.data, score)
    db.session.commit()
    flash(
        f"Votre demande de parrainage par « {item.mentor.name} » est envoyée à la "
        "coordination. Elle l'examine, puis la propose aux deux SCIC si elle la valide.",
        "success",
    )
    return redirect(url_for("helpfinder.who_can_help", _anchor=f"besoin-{item.need_id}"))


@bp.route("/qui-puis-je-aider")
@roles_required("member")
def who_i_can_help():
    """An experienced SCIC: the needs of young SCICs its offers cover."""
    org = _own_org()
    if org.is_young:
        return redirect(url_for("helpfinder.who_can_help"))
    page = queries.who_i_can_help(org, request.args.get("page", 1, type=int))
    return render_template(
        "helpfinder/who_i_can_help.html", page=page, form=OfferForm(), confirm=ConfirmForm()
    )


@bp.route("/qui-puis-je-aider/proposer", methods=["POST"])
@roles_required("member")
def offer():
    """Send « Proposer mon aide » to the coordination's queue."""
    back = back_to(url_for("helpfinder.who_i_can_help"))
    form = OfferForm()
    if not form.validate_on_submit():
        return refused(errors_text(form), back, 422)
    score = queries.offer_score(current_user.organisation, form.need_id.data)
    item = sponsor_requests.offer(current_user, form.need_id.data, form.message.data, score)
    db.session.commit()
    flash(
        f"Votre proposition d'aide à « {item.mentee.name} » est envoyée à la coordination. "
        "Elle l'examine, puis la propose aux deux SCIC si elle la valide.",
        "success",
    )
    return redirect(back)


@bp.route("/demandes-de-parrainage/<int:request_id>/retirer", methods=["POST"])
@roles_required("member")
def withdraw(request_id: int):
    """The requester takes back a request that still waits for the coordination."""
    item = db.session.get(SponsorRequest, request_id)
    if item is None or not item.is_requester(current_user):
        abort(404)
    endpoint = "helpfinder.who_can_help" if item.kind == "ask" else "helpfinder.who_i_can_help"
    back = back_to(url_for(endpoint))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sponsor_requests.withdraw(current_user, item)
    db.session.commit()
    flash("Votre demande est retirée.", "success")
    return redirect(back)
