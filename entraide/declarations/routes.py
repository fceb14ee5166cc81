"""Declaring needs and offers; the coordinator's view of all open ones."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..core.extensions import db
from ..models import Need, Offer, Organisation
from ..themes import THEMES
from ..web.access import coordinator_required, get_visible_or_404
from ..web.forms import ConfirmForm
from . import services
from .forms import CloseNeedForm, NeedForm, OfferForm

bp = Blueprint("declarations", __name__)


def _back_to(org_id: int):
    return redirect(url_for("organisations.show", org_id=org_id))


def _form_page(form, template: str, **context):
    return render_template(template, form=form, **context), 422 if form.is_submitted() else 200


@bp.route("/organisations/<int:org_id>/besoins/nouveau", methods=["GET", "POST"])
@login_required
def new_need(org_id: int):
    """Declare a need."""
    org = get_visible_or_404(Organisation, org_id, "can_edit")
    form = NeedForm()
    if form.validate_on_submit():
        services.declare_need(org, current_user, form.theme.data, form.text.data, form.urgency.data)
        db.session.commit()
        flash("Le besoin a été enregistré.", "success")
        return _back_to(org.id)
    return _form_page(form, "declarations/need_form.html", org=org, need=None)


@bp.route("/besoins/<int:need_id>/modifier", methods=["GET", "POST"])
@login_required
def edit_need(need_id: int):
    """Edit an open need."""
    need = get_visible_or_404(Need, need_id, "can_edit")
    if not need.is_open:
        abort(404)
    # Not obj=need: it would win over theme= and fill the field with the Theme object.
    form = NeedForm(theme=need.theme_code, text=need.text, urgency=need.urgency)
    if form.validate_on_submit():
        services.update_need(need, current_user, form.theme.data, form.text.data, form.urgency.data)
        db.session.commit()
        flash("Le besoin a été modifié.", "success")
        return _back_to(need.organisation_id)
    return _form_page(form, "declarations/need_form.html", org=need.organisation, need=need)


@bp.route("/besoins/<int:need_id>/clore", methods=["POST"])
@login_required
def close_need(need_id: int):
    """Close a need as met or withdrawn."""
    need = get_visible_or_404(Need, need_id, "can_edit")
    form = CloseNeedForm()
    if not need.is_open or not form.validate_on_submit():
        abort(400)
    services.close_need(need, current_user, form.outcome.data)
    db.session.commit()
    flash(
        "Le besoin est marqué « satisfait »."
        if form.outcome.data == "met"
        else "Le besoin est retiré.",
        "success",
    )
    return _back_to(need.organisation_id)


@bp.route("/besoins/<int:need_id>/rouvrir", methods=["POST"])
@login_required
def reopen_need(need_id: int):
    """Reopen a closed need."""
    need = get_visible_or_404(Need, need_id, "can_edit")
    if need.is_open or not ConfirmForm().validate_on_submit():
        abort(400)
    services.reopen_need(need, current_user)
    db.session.commit()
    flash("Le besoin est de nouveau ouvert.", "success")
    return _back_to(need.organisation_id)


@bp.route("/organisations/<int:org_id>/offres/nouvelle", methods=["GET", "POST"])
@login_required
def new_offer(org_id: int):
    """Declare an offer (a skill the organisation can share)."""
    org = get_visible_or_404(Organisation, org_id, "can_edit")
    form = OfferForm()
    if form.validate_on_submit():
        services.declare_offer(org, current_user, form.theme.data, form.text.data)
        db.session.commit()
        flash("L'offre a été enregistrée.", "success")
        return _back_to(org.id)
    return _form_page(form, "declarations/offer_form.html", org=org, offer=None)


@bp.route("/offres/<int:offer_id>/modifier", methods=["GET", "POST"])
@login_required
def edit_offer(offer_id: int):
    """Edit an active offer."""
    offer = get_visible_or_404(Offer, offer_id, "can_edit")
    if not offer.is_active:
        abort(404)
    form = OfferForm(theme=offer.theme_code, text=offer.text)
    if form.validate_on_submit():
        services.update_offer(offer, current_user, form.theme.data, form.text.data)
        db.session.commit()
        flash("L'offre a été modifiée.", "success")
        return _back_to(offer.organisation_id)
    return _form_page(form, "declarations/offer_form.html", org=offer.organisation, offer=offer)


@bp.route("/offres/<int:offer_id>/retirer", methods=["POST"])
@login_required
def withdraw_offer(offer_id: int):
    """Withdraw an offer."""
    offer = get_visible_or_404(Offer, offer_id, "can_edit")
    if not offer.is_active or not ConfirmForm().validate_on_submit():
        abort(400)
    services.withdraw_offer(offer, current_user)
    db.session.commit()
    flash("L'offre est retirée.", "success")
    return _back_to(offer.organisation_id)


@bp.route("/besoins")
@coordinator_required
def overview():
    """Every open need and active offer of the network, filterable by theme."""
    theme = request.args.get("theme") if request.args.get("theme") in THEMES else ""
    per_page = current_app.config["ITEMS_PER_PAGE"]
    needs = (
        select(Need)
        .join(Need.organisation)
        .where(Need.status == "open", Organisation.archived_at.is_(None))
        .order_by(Need.created_at.desc(), Need.id.desc())
    )
    offers = (
        select(Offer)
        .join(Offer.organisation)
        .where(Offer.status == "active", Organisation.archived_at.is_(None))
        .order_by(Offer.created_at.desc(), Offer.id.desc())
    )
    if theme:
        needs, offers = (
            needs.where(Need.theme_code == theme),
            offers.where(Offer.theme_code == theme),
        )
    return render_template(
        "declarations/overview.html",
        theme=theme,
        needs=db.paginate(
            needs, page=request.args.get("page", 1, type=int), per_page=per_page, error_out=False
        ),
        offers=db.paginate(
            offers, page=request.args.get("opage", 1, type=int), per_page=per_page, error_out=False
        ),
    )
