"""The coordinator's import page and the CSV downloads of the network."""

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..core.csvcells import write_csv
from ..core.extensions import db
from ..web.access import coordinator_required
from .csv_format import COLUMNS, RowError
from .forms import ImportForm
from .queries import export_rows
from .services import ImportOutcome, import_file

bp = Blueprint("transfer", __name__)

CONFLICT = RowError(
    None,
    "",
    "Une autre modification des organisations a eu lieu pendant "
    "l'import (nom déjà pris) : rien n'a été importé, recommencez.",
)
# The one line of the model file; columns not given stay empty.
EXAMPLE = {
    "name": "Coopérative exemple",
    "commune": "Arras",
    "postal_code": "62000",
    "status": "scic",
    "sector": "Services",
    "year_created": "2021",
    "mentor_capacity": "0",
    "in_difficulty": "non",
    "contact_email": "contact@exemple.fr",
    "needs": "gouvernance|subventions",
    "needs_text": "Préparer notre première assemblée générale",
    "offers": "communication",
    "offers_text": "Conseils pour les réseaux sociaux",
}


def _csv_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/organisations/import", methods=["GET", "POST"])
@coordinator_required
def import_orgs():
    """Upload a CSV file: simulate it, or apply it all at once (nothing on any error)."""
    form = ImportForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("transfer/import.html", form=form), status
    try:
        outcome = import_file(form.file.data.read(), current_user)
    except IntegrityError:
        outcome = ImportOutcome(errors=[CONFLICT])
    if not outcome.ok or form.dry_run.data:
        db.session.rollback()
        return render_template(
            "transfer/import.html", form=form, outcome=outcome
        ), 200 if outcome.ok else 422
    db.session.commit()
    flash("Import terminé : " + outcome.summary.sentence(), "success")
    for warning in outcome.warnings:
        flash(warning, "info")
    return redirect(url_for("organisations.index"))


@bp.route("/organisations/export.csv")
@coordinator_required
def export_orgs():
    """Download the network (non-archived organisations) in the import format."""
    headers, rows = export_rows()
    return _csv_response(write_csv(headers, rows), f"reseau-entraide-{date.today()}.csv")


@bp.route("/organisations/import/modele.csv")
@coordinator_required
def template_csv():
    """Download an example file: the columns and one line."""
    return _csv_response(
        write_csv(COLUMNS, [[EXAMPLE.get(c) for c in COLUMNS]]), "modele-import-organisations.csv"
    )
