"""The funder's logo: the coordination uploads it; the coordination and the funder see it."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..core.extensions import db
from ..web.access import coordinator_required, roles_required
from ..web.errors import back_to
from ..web.forms import ConfirmForm
from . import services
from .forms import LogoForm

bp = Blueprint("branding", __name__, url_prefix="/tableau-de-bord/logo")


@bp.route("", methods=["GET", "POST"])
@coordinator_required
def logo():
    """Upload or replace the logo shown on the report's cover (article 7)."""
    form = LogoForm()
    back_to(url_for("branding.logo"))
    if form.validate_on_submit():
        services.set_logo(current_user, form.file.data.read(), form.alt_text.data.strip())
        db.session.commit()
        flash("Logo enregistré : il figure désormais sur le bilan.", "success")
        return redirect(url_for("branding.logo"))
    current = services.current_logo()
    if current is not None and not form.is_submitted():
        form.alt_text.data = current.alt_text
    status = 422 if form.is_submitted() else 200
    return render_template(
        "branding/logo.html", form=form, logo=current, confirm=ConfirmForm()
    ), status


@bp.route("/image")
@roles_required("coordinator", "viewer")
def image():
    """The logo's bytes, as stored (checked when uploaded)."""
    current = services.current_logo()
    if current is None:
        abort(404)
    response = Response(current.content, mimetype=current.media_type)
    # An SVG opened on its own must not run anything, whatever it holds.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
    )
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/retirer", methods=["POST"])
@coordinator_required
def remove():
    """Remove the logo, after confirmation."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back_to(url_for("branding.logo"))
    services.remove_logo(current_user)
    db.session.commit()
    flash("Logo retiré : le bilan porte la mention du soutien sans logo.", "success")
    return redirect(url_for("branding.logo"))
