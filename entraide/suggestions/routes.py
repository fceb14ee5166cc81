"""The coordinator's suggestions, territorial groups, territories and matching settings."""

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..core.csvcells import write_csv
from ..core.errors import UserError
from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..matching import MatchingParams
from ..models import Organisation
from ..web.access import coordinator_required
from ..web.errors import back_to
from ..web.forms import ConfirmForm
from . import services, territory_table
from .forms import (
    CommuneTerritoryForm,
    MatchingSettingsForm,
    TerritoryApplyForm,
    TerritoryFileForm,
)
from .maps import groups_map, split_communes, territory_legend

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
    """Suggested territorial groups, as a list and a map; by default each group stays in
    one territory (``?territoires=non`` proposes them without the territories)."""
    same_territory = request.args.get("territoires") != "non"
    result = services.network_groups(same_territory=same_territory)
    orgs = {org.id: org for org in db.session.execute(db.select(Organisation)).scalars()}
    assignments = territory_table.assignments()
    return render_template(
        "suggestions/groups.html",
        result=result,
        same_territory=same_territory,
        map_svg=groups_map(result, orgs, assignments),
        territories=territory_legend(result, orgs, assignments),
        split=split_communes(assignments),
    )


# --- The commune -> territory table ----------------------------------------------------


def _count(number: int, noun: str) -> str:
    """« 1 commune », « 3 communes », « aucune commune »… (regular plurals only)."""
    if number == 0:
        return f"aucun {noun}" if noun == "changement" else f"aucune {noun}"
    return f"{number} {noun}{'s' if number > 1 else ''}"


def _territories_page(commune_form=None, file_form=None, status=200):
    names = territory_table.territory_names()
    if commune_form is None:
        wanted = request.args.get("commune", "").strip()[:120]
        commune_form = CommuneTerritoryForm(formdata=None)
        commune = get_gazetteer().resolve(wanted) if wanted else None
        if commune is not None:
            commune_form.commune.data = commune.name
            commune_form.territory.data = territory_table.assignments().get(commune.insee, "")
    commune_form.set_choices(names)
    return render_template(
        "suggestions/territories.html",
        sections=territory_table.sections(),
        stored=territory_table.is_stored(),
        last_change=territory_table.last_change(),
        note=territory_table.HYPOTHESIS_NOTE,
        commune_form=commune_form,
        file_form=file_form or TerritoryFileForm(formdata=None),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/territoires")
@coordinator_required
def territories():
    """The commune -> territory table: by territory, the communes and their members."""
    return _territories_page()


@bp.route("/territoires/commune", methods=["POST"])
@coordinator_required
def assign_territory():
    """Put one commune in a territory (French message naming what is unknown)."""
    form = CommuneTerritoryForm()
    form.set_choices(territory_table.territory_names())
    if not form.validate_on_submit():
        return _territories_page(commune_form=form, status=422)
    back_to(url_for("suggestions.territories"))
    commune, name, changed = territory_table.assign(
        current_user, form.commune.data, form.territory.data
    )
    db.session.commit()
    if changed:
        flash(f"{commune.name} ({commune.insee}) est rattachée au territoire {name}.", "success")
    else:
        flash(f"{commune.name} était déjà rattachée au territoire {name} : rien à changer.", "info")
    return redirect(url_for("suggestions.territories", commune=commune.insee, _anchor="changer"))


@bp.route("/territoires/fichier", methods=["POST"])
@coordinator_required
def check_territory_file():
    """Check an uploaded table and show what it would change (nothing written yet)."""
    form = TerritoryFileForm()
    if not form.validate_on_submit():
        return _territories_page(file_form=form, status=422)
    checked = territory_table.read_file(form.file.data.read())
    if not checked.ok:
        return render_template(
            "suggestions/territory_file.html", checked=checked, plan=None, apply_form=None
        ), 422
    plan = territory_table.plan(checked.assignments, form.mode.data)
    apply_form = TerritoryApplyForm(formdata=None)
    apply_form.table.data = "\n".join(f"{k};{v}" for k, v in sorted(checked.assignments.items()))
    apply_form.mode.data = plan.mode
    return render_template(
        "suggestions/territory_file.html",
        checked=checked,
        plan=plan,
        apply_form=apply_form,
        modes=territory_table.MODES,
    )


@bp.route("/territoires/fichier/appliquer", methods=["POST"])
@coordinator_required
def apply_territory_file():
    """Apply a checked table, all at once (checked again: nothing written on any error)."""
    form = TerritoryApplyForm()
    back_to(url_for("suggestions.territories"))
    if not form.validate_on_submit():
        raise UserError("Le fichier vérifié manque : envoyez-le de nouveau.", 422)
    data = ("insee;territoire\n" + form.table.data).encode("utf-8")
    checked = territory_table.read_file(data)
    if not checked.ok:
        raise UserError(f"Le fichier n'est plus valable : {checked.errors[0]}", 422)
    plan = territory_table.apply_file(current_user, checked.assignments, form.mode.data)
    db.session.commit()
    message = (
        f"Table des territoires mise à jour : {_count(len(checked.assignments), 'commune')} "
        f"dans le fichier, {_count(len(plan.moved), 'changement')} de territoire"
    )
    if plan.removed:
        message += f", {_count(len(plan.removed), 'commune')} désormais sans territoire"
    flash(message + ".", "success")
    return redirect(url_for("suggestions.territories"))


@bp.route("/territoires/reinitialiser", methods=["GET", "POST"])
@coordinator_required
def reset_territories():
    """Back to the shipped hypothesis, after a confirmation page."""
    form = ConfirmForm()
    if form.validate_on_submit():
        changes = territory_table.reset(current_user)
        db.session.commit()
        n = len(changes)
        detail = (
            "aucune commune ne change de territoire"
            if n == 0
            else "1 commune change de territoire"
            if n == 1
            else f"{n} communes changent de territoire"
        )
        flash(f"La table des territoires reprend l'hypothèse du fichier : {detail}.", "success")
        return redirect(url_for("suggestions.territories"))
    rows = territory_table.commune_rows()
    entered = [r for r in rows if r.source == "coordination"]
    status = 422 if form.is_submitted() else 200
    return render_template(
        "suggestions/territories_reset.html",
        form=form,
        entered=entered,
        note=territory_table.HYPOTHESIS_NOTE,
    ), status


@bp.route("/territoires.csv")
@coordinator_required
def export_territories():
    """The table as a CSV file, which the upload reads back."""
    headers, rows = territory_table.export_rows()
    return Response(
        write_csv(headers, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="territoires-{date.today()}.csv"'},
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
