"""The dashboard, the report's files, the settings (hourly rate) and the highlights (thin
views). The Département's aid is a convention's (``entraide.conventions``)."""

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from ..conventions.queries import open_deadlines
from ..core.extensions import db
from ..models import ReportHighlight, ReportSettings
from ..models.report import FIRST_REPORT_YEAR, LAST_REPORT_YEAR
from ..testimonies import queries as testimonies
from ..testimonies import services as approvals
from ..web.access import coordinator_required, roles_required
from . import exports, narratives, services
from .context import dashboard_context
from .forms import (
    DeleteForm,
    HighlightForm,
    HighlightTextForm,
    NarrativeForm,
    PeriodForm,
    SettingsForm,
)
from .highlights import candidates
from .period import year_period
from .queries import hourly_rate
from .wording import AXIS_TITLES

bp = Blueprint("reports", __name__, url_prefix="/tableau-de-bord")


def _period():
    form = PeriodForm(request.args)
    period = form.period(date.today()) if form.validate() else None
    return form, period


def _period_args(period, form=None) -> dict:
    args = {"du": period.start.isoformat(), "au": period.end.isoformat()}
    if form is not None and form.convention.data:
        args["convention"] = form.convention.data
    return args


@bp.route("/")
@roles_required("coordinator", "viewer")
def dashboard():
    """Figures, charts and map of a period (default: the current calendar year)."""
    form, period = _period()
    if period is None:
        return render_template("reports/dashboard.html", form=form, ctx=None), 422
    return render_template(
        "reports/dashboard.html",
        form=form,
        ctx=dashboard_context(period, coordination=current_user.is_coordinator),
        period_args=_period_args(period, form),
        deadlines=open_deadlines(date.today()) if current_user.is_coordinator else [],
    )


@bp.route("/bilan.<fmt>")
@roles_required("coordinator", "viewer")
def report_file(fmt):
    """Download the report of a period as PDF, XLSX (every table) or one table as CSV
    (``tableau``: its slug; by default the help given and received by each SCIC, streamed)."""
    if fmt not in exports.FORMATS or fmt == "zip":
        abort(404)
    form, period = _period()
    if period is None:
        return render_template("reports/dashboard.html", form=form, ctx=None), 422
    table = request.args.get("tableau", exports.DEFAULT_CSV_TABLE) if fmt == "csv" else None
    if fmt == "csv":  # an unknown table is a 404 before anything is sent
        body = stream_with_context(exports.csv_stream(period, table))
    else:
        body = exports.report_bytes(period, fmt)
    name = exports.filename(period, fmt, table)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, mimetype=exports.FORMATS[fmt], headers=headers)


@bp.route("/bilan-csv.zip")
@roles_required("coordinator", "viewer")
def report_zip():
    """Every table of the period's report as CSV, in one zip."""
    form, period = _period()
    if period is None:
        return render_template("reports/dashboard.html", form=form, ctx=None), 422
    name = exports.zip_filename(period)
    return Response(
        exports.zip_bytes(period),
        mimetype=exports.FORMATS["zip"],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/actions.csv")
@roles_required("coordinator", "viewer")
def actions_file():
    """The period's actions of the four axes, one a line (CSV, streamed)."""
    form, period = _period()
    if period is None:
        return render_template("reports/dashboard.html", form=form, ctx=None), 422
    headers = {"Content-Disposition": f'attachment; filename="{exports.actions_filename(period)}"'}
    body = stream_with_context(exports.actions_csv_stream(period))
    return Response(body, mimetype=exports.FORMATS["csv"], headers=headers)


def _settings_page(form=None, status: int = 200):
    return render_template(
        "reports/settings.html",
        form=form or SettingsForm(formdata=None, hourly_rate=hourly_rate()),
        settings=db.session.get(ReportSettings, 1),
    ), status


@bp.route("/reglages", methods=["GET", "POST"])
@coordinator_required
def settings():
    """The hourly rate that values volunteer time (coordinator only, audited)."""
    form = SettingsForm(hourly_rate=hourly_rate())
    if not form.validate_on_submit():
        return _settings_page(form=form, status=422 if form.is_submitted() else 200)
    services.set_hourly_rate(current_user, form.hourly_rate.data)
    db.session.commit()
    flash("Taux horaire enregistré.", "success")
    return redirect(url_for("reports.dashboard"))


def _year() -> int:
    year = request.args.get("annee", type=int) or date.today().year
    return year if FIRST_REPORT_YEAR <= year <= LAST_REPORT_YEAR else date.today().year


def _year_or_404(year: int) -> int:
    if not FIRST_REPORT_YEAR <= year <= LAST_REPORT_YEAR:
        abort(404)
    return year


def _highlights_page(year: int, form, status: int = 200):
    return render_template(
        "reports/highlights.html",
        year=year,
        form=form,
        delete_form=DeleteForm(),
        reviews=testimonies.reviews(year),
        sent=approvals.sent_on(year),
        candidates=candidates(year_period(year)),
    ), status


@bp.route("/temoignages", methods=["GET", "POST"])
@coordinator_required
def highlights():
    """Select the testimonies of a year's report; each goes to the funder once every
    organisation it names or comes from approved its text."""
    year = _year()
    form = HighlightForm()
    if form.validate_on_submit():
        services.add_highlight(
            current_user,
            year,
            form.quote.data,
            title=form.title.data,
            source_type=form.source_type.data,
            source_id=int(form.source_id.data) if (form.source_id.data or "").isdigit() else None,
            position=form.position.data or 0,
        )
        db.session.commit()
        flash(
            "Témoignage retenu pour le bilan : les organisations concernées sont invitées à "
            "l'approuver.",
            "success",
        )
        return redirect(url_for("reports.highlights", annee=year))
    return _highlights_page(year, form, 422 if form.is_submitted() else 200)


@bp.route("/temoignages/<int:highlight_id>/modifier", methods=["GET", "POST"])
@coordinator_required
def edit_highlight(highlight_id):
    """Correct a testimony's text: the organisations concerned are asked again."""
    highlight = db.get_or_404(ReportHighlight, highlight_id)
    form = HighlightTextForm(obj=highlight)
    if form.validate_on_submit():
        services.update_highlight(
            current_user,
            highlight,
            form.quote.data,
            title=form.title.data,
            position=form.position.data or 0,
        )
        db.session.commit()
        flash("Témoignage enregistré.", "success")
        return redirect(url_for("reports.highlights", annee=highlight.year))
    return render_template(
        "reports/highlight_edit.html",
        highlight=highlight,
        form=form,
        sent=approvals.sent_on(highlight.year),
    ), 422 if form.is_submitted() else 200


@bp.route("/temoignages/<int:highlight_id>/retirer", methods=["POST"])
@coordinator_required
def remove_highlight(highlight_id):
    """Withdraw a testimony from the report."""
    highlight = db.get_or_404(ReportHighlight, highlight_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    year = highlight.year
    services.remove_highlight(current_user, highlight)
    db.session.commit()
    flash("Témoignage retiré du bilan.", "success")
    return redirect(url_for("reports.highlights", annee=year))


@bp.route("/bilan/<int:year>/envoye", methods=["POST"])
@coordinator_required
def mark_sent(year):
    """The year's report went to the Département: its testimonies' approvals freeze."""
    year = _year_or_404(year)
    if not DeleteForm().validate_on_submit():
        abort(400)
    _, created = approvals.mark_sent(current_user, year)
    db.session.commit()
    if created:
        flash(f"Bilan {year} marqué comme envoyé : les approbations sont figées.", "success")
    else:
        flash(f"Le bilan {year} était déjà marqué comme envoyé.", "info")
    return redirect(url_for("reports.highlights", annee=year))


@bp.route("/bilan/<int:year>/rouvrir", methods=["POST"])
@coordinator_required
def reopen(year):
    """Undo « envoyé »: testimonies and answers may change again."""
    year = _year_or_404(year)
    if not DeleteForm().validate_on_submit():
        abort(400)
    approvals.reopen(current_user, year)
    db.session.commit()
    flash(
        f"Bilan {year} rouvert : les organisations peuvent à nouveau changer leur réponse.",
        "success",
    )
    return redirect(url_for("reports.highlights", annee=year))


def _narratives_page(year: int, forms: dict, status: int = 200):
    return render_template(
        "reports/narratives.html",
        year=year,
        forms=forms,
        narratives=narratives.of_year(year),
        axis_titles=AXIS_TITLES,
    ), status


@bp.route("/bilan/<int:year>/axes")
@coordinator_required
def axis_narratives(year):
    """The coordination's narrative of each axis for the year's report."""
    year = _year_or_404(year)
    forms = {
        axis: NarrativeForm(formdata=None, obj=row, prefix=f"axe{axis}")
        for axis, row in narratives.of_year(year).items()
    }
    return _narratives_page(year, forms)


@bp.route("/bilan/<int:year>/axes/<int:axis>", methods=["POST"])
@coordinator_required
def save_axis_narrative(year, axis):
    year = _year_or_404(year)
    if axis not in AXIS_TITLES:
        abort(404)
    form = NarrativeForm(prefix=f"axe{axis}")
    if not form.validate_on_submit():
        forms = {
            other: form
            if other == axis
            else NarrativeForm(formdata=None, obj=row, prefix=f"axe{other}")
            for other, row in narratives.of_year(year).items()
        }
        return _narratives_page(year, forms, 422)
    narratives.save(
        current_user,
        year,
        axis,
        {
            "conditions": form.conditions.data,
            "results": form.results.data,
            "perspectives": form.perspectives.data,
        },
    )
    db.session.commit()
    flash(f"Texte de l'axe {axis} enregistré pour le bilan {year}.", "success")
    return redirect(url_for("reports.axis_narratives", year=year) + f"#axe-{axis}")
