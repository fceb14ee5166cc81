"""The coordinator's suggestions, territorial groups and matching settings."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from ..core.extensions import db
from ..matching import MatchingParams
from ..models import Organisation
from ..web.access import coordinator_required
from . import services
from .forms import MatchingSettingsForm
from .maps import groups_map

bp = Blueprint("suggestions", __name__, url_prefix="/rapprochement")


@bp.route("/suggestions")
@coordinator_required
def index():
    """Ranked sponsors for every young SCIC, and the proposed network-wide pairing."""
    result = services.network_suggestions()
    return render_template("suggestions/index.html", result=result)


@bp.route("/groupes")
@coordinator_required
def groups():
    """Suggested territorial groups, as a list and a map."""
    result = services.network_groups()
    orgs = {org.id: org for org in db.session.execute(db.select(Organisation)).scalars()}
    return render_template(
        "suggestions/groups.html", result=result, map_svg=groups_map(result, orgs)
    )


@bp.route("/reglages", methods=["GET", "POST"])
@coordinator_required
def settings():
    """Weights and sizes of the matching, with a preview before saving."""
    stored = services.current_settings()
    form = MatchingSettingsForm(data=stored.as_dict())
    preview = None
    valid = form.validate_on_submit()
    if valid:
        if form.submit.data:
            services.update_settings(current_user, **form.values())
            db.session.commit()
            flash("Les réglages du rapprochement sont enregistrés.", "success")
            return redirect(url_for("suggestions.settings"))
        preview = {
            "before": services.network_suggestions(stored.to_params()),
            "after": services.network_suggestions(MatchingParams(**form.values())),
        }
    status = 422 if form.is_submitted() and not valid else 200
    return render_template(
        "suggestions/settings.html", form=form, preview=preview, defaults=MatchingParams()
    ), status
