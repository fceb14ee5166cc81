"""The coordinator's import page (upload, preview, confirm) and the network's downloads."""

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..reports.xlsx import write_xlsx
from ..web.access import coordinator_required
from . import pending
from .columns import COLUMN_HELP, COLUMNS, HEADERS
from .exporting import MIMETYPES, SHEET, export_bytes
from .forms import ConfirmImportForm, ImportForm
from .parsing import RowError
from .queries import export_rows
from .services import ImportPlan, apply_plan, plan_import, theme_labels

bp = Blueprint("transfer", __name__)

CONFLICT = RowError(
    None,
    "",
    "Une autre modification des organisations a eu lieu pendant "
    "l'import (nom déjà pris) : rien n'a été importé, recommencez.",
)
STALE = RowError(
    None,
    "",
    f"Cet aperçu n'existe pas ou a expiré (il est gardé {pending.LIFETIME_MINUTES} minutes) : "
    "rien n'a été importé. Envoyez de nouveau le fichier.",
)
IN_PROGRESS = RowError(
    None,
    "",
    "Cet import est déjà en cours (le bouton a été cliqué deux fois ?) : il n'est appliqué "
    "qu'une fois. Vérifiez la liste des organisations dans un instant.",
)
CHANGED = (
    "Les organisations ont changé depuis l'aperçu (une autre modification a eu lieu entre-temps) : "
    "rien n'a été importé. Voici l'aperçu à jour ; confirmez de nouveau s'il vous convient."
)
GUIDE_LINES = (
    "L'import lit la première feuille. La première ligne donne les colonnes, dans n'importe "
    "quel ordre (titres en français ou en anglais, sans tenir compte des majuscules ni des "
    "accents).",
    "Tout ou rien : si une ligne est incorrecte, rien n'est importé et chaque erreur est "
    "indiquée avec sa ligne et sa colonne.",
    "Avant d'enregistrer, la page montre ce qui sera créé et mis à jour : rien n'est écrit "
    "avant votre confirmation.",
)
# Rows of the preview's tables shown at most (the counts are always whole).
PREVIEW_ROWS = 500


def _example_rows(file_format: str) -> list[list]:
    """The model file's lines: each column used once, texts one « thème : texte » per line."""
    labels = theme_labels()
    gouvernance, subventions = labels.get("gouvernance"), labels.get("subventions")
    communication = labels.get("communication")
    member_since = date(2022, 3, 15) if file_format == "xlsx" else "15/03/2022"
    first = {
        "name": "Coopérative exemple",
        "commune": "Arras",
        "postal_code": "62000",
        "status": "SCIC",
        "sector": "Services",
        "year_created": 2021,
        "member_since": member_since,
        "mentor_capacity": 0,
        "in_difficulty": "non",
        "contact_email": "contact@exemple.fr",
        "needs": f"{gouvernance} | {subventions}",
        "needs_text": f"{gouvernance} : Préparer notre première assemblée générale (une ligne "
        f"« thème : texte » par besoin)\n{subventions} : Monter un premier dossier de "
        "subvention",
        "offers": communication,
        "offers_text": f"{communication} : Conseils pour les réseaux sociaux",
    }
    second = {
        "name": "Association exemple",
        "commune": "Bruay-la-Buissière",
        "status": "projet",
        "sector": "Culture",
        "year_created": "?",
        "member_since": 2024,
        "needs": labels.get("juridique"),
        "needs_text": "Passer d'association à SCIC : statuts, collèges, capital",
    }
    return [[example.get(key) for key in COLUMNS] for example in (first, second)]


def _download(data: bytes, file_format: str, stem: str) -> Response:
    return Response(
        data,
        mimetype=MIMETYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{file_format}"'},
    )


def _import_page(form, plan: ImportPlan | None = None, status: int = 200, notice: str = ""):
    return (
        render_template(
            "transfer/import.html",
            form=form,
            plan=plan,
            notice=notice,
            HEADERS=HEADERS,
            COLUMN_HELP=COLUMN_HELP,
        ),
        status,
    )


def _preview(plan: ImportPlan, data: bytes, filename: str, status: int = 200, notice: str = ""):
    token = pending.save(data, current_user.id, filename, plan.digest)
    return (
        render_template(
            "transfer/preview.html",
            plan=plan,
            summary=plan.expected(),
            filename=filename,
            form=ConfirmImportForm(formdata=None, token=token),
            themes=theme_labels(),
            limit=PREVIEW_ROWS,
            lifetime=pending.LIFETIME_MINUTES,
            notice=notice,
            commune_label=lambda insee: get_gazetteer().by_insee(insee).label,
        ),
        status,
    )


@bp.route("/organisations/import", methods=["GET", "POST"])
@coordinator_required
def import_orgs():
    """Upload a CSV or XLSX file: its errors, or a preview of what it will do (nothing written)."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(form, status=422 if form.is_submitted() else 200)
    data = form.file.data.read()
    filename = (form.file.data.filename or "fichier")[:200]
    plan = plan_import(data)
    db.session.rollback()  # read only: nothing to keep
    if not plan.ok:
        return _import_page(form, plan, 422)
    return _preview(plan, data, filename)


@bp.route("/organisations/import/confirmer", methods=["POST"])
@coordinator_required
def confirm_import():
    """Apply the previewed file, exactly as previewed (all or nothing)."""
    form = ConfirmImportForm()
    valid = form.validate_on_submit()
    kept = pending.claim(form.token.data, current_user.id) if valid else None
    if kept is None:
        if valid and pending.in_progress(form.token.data):
            return _import_page(ImportForm(formdata=None), ImportPlan(errors=[IN_PROGRESS]), 409)
        return _import_page(ImportForm(formdata=None), ImportPlan(errors=[STALE]), 410)
    plan = plan_import(kept.data)
    if plan.digest != kept.digest:
        db.session.rollback()
        pending.discard(kept.token)
        if not plan.ok:
            return _import_page(ImportForm(formdata=None), plan, 409, notice=CHANGED)
        return _preview(plan, kept.data, kept.filename, 409, notice=CHANGED)
    try:
        summary = apply_plan(plan, current_user)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        pending.release(kept.token)
        return _import_page(ImportForm(formdata=None), ImportPlan(errors=[CONFLICT]), 409)
    except Exception:
        db.session.rollback()
        pending.release(kept.token)  # confirmable again once the cause is fixed
        raise
    pending.discard(kept.token)
    flash("Import terminé : " + summary.sentence(), "success")
    for warning in plan.warnings:
        flash(warning, "info")
    return redirect(url_for("organisations.index"))


@bp.route("/organisations/import/annuler", methods=["POST"])
@coordinator_required
def cancel_import():
    """Forget the previewed file."""
    form = ConfirmImportForm()
    if form.validate_on_submit():
        pending.discard(form.token.data)
    flash("Import annulé : rien n'a été enregistré.", "info")
    return redirect(url_for("transfer.import_orgs"))


def _export(file_format: str) -> Response:
    codes = request.args.get("forme") == "codes"
    headers, rows = export_rows(codes=codes)
    stem = f"reseau-entraide-{date.today()}" + ("-codes" if codes else "")
    return _download(export_bytes(headers, rows, file_format, codes=codes), file_format, stem)


@bp.route("/organisations/export.csv")
@coordinator_required
def export_orgs():
    """Download the network (non-archived organisations) as CSV, in the import format."""
    return _export("csv")


@bp.route("/organisations/export.xlsx")
@coordinator_required
def export_orgs_xlsx():
    """The same as an Excel workbook."""
    return _export("xlsx")


def _template(file_format: str) -> Response:
    headers = [HEADERS[key] for key in COLUMNS]
    rows = _example_rows(file_format)
    if file_format == "xlsx":
        # The workbook says the format on a second sheet (the import reads the first only).
        guide = [[HEADERS[key], *COLUMN_HELP[key]] for key in COLUMNS]
        guide += [[]] + [[line] for line in GUIDE_LINES]
        data = write_xlsx(
            [
                (SHEET, headers, rows),
                ("Mode d'emploi", ["Colonne", "Obligatoire", "Contenu"], guide),
            ],
            title="Modèle d'import des organisations",
        )
    else:
        data = export_bytes(headers, rows, file_format)
    return _download(data, file_format, "modele-import-organisations")


@bp.route("/organisations/import/modele.csv")
@coordinator_required
def template_csv():
    """Download an example file: the columns and two lines."""
    return _template("csv")


@bp.route("/organisations/import/modele.xlsx")
@coordinator_required
def template_xlsx():
    """The example file as an Excel workbook."""
    return _template("xlsx")
