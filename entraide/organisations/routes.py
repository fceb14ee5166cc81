"""Organisation pages: the coordinator's list, each organisation's dashboard and profile."""

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from ..core.dberrors import violates_unique
from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import Organisation
from ..models.need import open_declaration_counts
from ..web.access import coordinator_required, get_visible_or_404
from ..web.forms import ConfirmForm
from . import services
from .forms import OrganisationForm
from .queries import (
    NEEDS_PAGE_ARG,
    OrganisationFilters,
    needs_page,
    paginate_organisations,
    pairings_of,
    relations_between,
)

bp = Blueprint("organisations", __name__)


@bp.route("/mon-organisation")
@login_required
def mine():
    """A member's entry point: its own organisation's dashboard."""
    if not current_user.is_member:
        abort(404)
    return redirect(url_for("organisations.show", org_id=current_user.organisation_id))


@bp.route("/organisations")
@coordinator_required
def index():
    """List and search organisations."""
    filters = OrganisationFilters.from_args(request.args)
    page = request.args.get("page", 1, type=int)
    pagination = paginate_organisations(filters, max(page, 1), current_app.config["ITEMS_PER_PAGE"])
    return render_template(
        "organisations/index.html",
        pagination=pagination,
        counts=open_declaration_counts(o.id for o in pagination.items),
        filters=filters,
        epcis=get_gazetteer().epci_names(),
    )


@bp.route("/organisations/<int:org_id>")
@login_required
def show(org_id: int):
    """An organisation's dashboard (its members, the coordinator): needs, offers,
    parrainages, profile, accounts. Its partners' members see its partner page instead:
    profile, public facts, offers and contact people, nothing private. Others: 404."""
    org = get_visible_or_404(Organisation, org_id)
    if not org.can_manage(current_user):
        return render_template(
            "organisations/partner.html",
            org=org,
            relations=relations_between(current_user.organisation_id, org.id),
        )
    return render_template(
        "organisations/show.html",
        org=org,
        confirm=ConfirmForm(),
        pairings=pairings_of(org.id),
        needs=needs_page(org.id, request.args.get(NEEDS_PAGE_ARG, 1, type=int)),
        needs_page_arg=NEEDS_PAGE_ARG,
    )


def _save_profile(form, org=None):
    """Create or update from a validated form; None and a French error if the database
    refuses it (a name taken a moment ago by someone else, mostly)."""
    data = form.profile_data()
    name = data.pop("name")
    try:
        if org is None:
            org = services.create_organisation(current_user, name, **data)
        else:
            services.update_organisation(org, current_user, name=name, **data)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if any(violates_unique(error, "organisation", c) for c in ("name_key", "name_skeleton")):
            # The other name is committed now: the form's own check says which clash it is.
            exclude_id = org.id if org is not None else None
            form.name.errors.append(
                services.name_problem(name, exclude_id) or "Une organisation porte déjà ce nom."
            )
        else:
            flash(
                "Ces informations n'ont pas pu être enregistrées : rien n'a été modifié. "
                "Vérifiez les champs et réessayez.",
                "error",
            )
        return None
    return org


@bp.route("/organisations/nouvelle", methods=["GET", "POST"])
@coordinator_required
def create():
    """Create an organisation."""
    form = OrganisationForm(coordinator=True)
    if request.method == "GET":
        # A new member joins today, unless the coordination says otherwise: the reports
        # count it as new in this period (an empty date never counts as new).
        form.member_since.data = date.today()
    if form.validate_on_submit() and (org := _save_profile(form)) is not None:
        flash(f"L'organisation « {org.name} » a été créée.", "success")
        return redirect(url_for("organisations.show", org_id=org.id))
    status = 422 if form.is_submitted() else 200
    return render_template("organisations/form.html", form=form, org=None), status


@bp.route("/organisations/<int:org_id>/modifier", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    """Edit an organisation's profile (its members, or the coordinator)."""
    org = get_visible_or_404(Organisation, org_id, "can_edit")
    form = OrganisationForm(obj=org, organisation=org, coordinator=current_user.is_coordinator)
    if request.method == "GET":
        # "Lens (62300)", as the profile shows it (every label resolves to its own commune).
        form.commune.data = org.commune.label if org.commune else None
    if form.validate_on_submit() and _save_profile(form, org) is not None:
        flash("Le profil a été enregistré.", "success")
        return redirect(url_for("organisations.show", org_id=org.id))
    status = 422 if form.is_submitted() else 200
    return render_template("organisations/form.html", form=form, org=org), status


@bp.route("/organisations/<int:org_id>/archiver", methods=["POST"])
@coordinator_required
def archive(org_id: int):
    """Archive an organisation (it leaves lists and suggestions; its history stays)."""
    org = get_visible_or_404(Organisation, org_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.archive_organisation(org, current_user)
    db.session.commit()
    flash(f"« {org.name} » est archivée.", "success")
    return redirect(url_for("organisations.index"))


@bp.route("/organisations/<int:org_id>/restaurer", methods=["POST"])
@coordinator_required
def restore(org_id: int):
    """Bring an archived organisation back."""
    org = get_visible_or_404(Organisation, org_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.restore_organisation(org, current_user)
    db.session.commit()
    flash(f"« {org.name} » est de nouveau active.", "success")
    return redirect(url_for("organisations.show", org_id=org.id))
