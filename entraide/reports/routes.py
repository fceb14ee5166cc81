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
from ..web.access import coordinator_required, roles_required
from . import exports, services
from .context import report_context
from .forms import DeleteForm, HighlightForm, PeriodForm, SettingsForm
from .highlights import candidates
from .period import year_period
from .queries import highlights as selected_highlights
from .queries import hourly_rate

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
        ctx=report_context(period),
        period_args=_period_args(period, form),
        deadlines=open_deadlines(date.today()) if current_user.is_coordinator else [],
    )


@bp.route("/bilan.<fmt>")
@roles_required("coordinator", "viewer")
def report_file(fmt):
    """Download the report of a period as PDF, XLSX (every table) or CSV (streamed)."""
    if fmt not in exports.FORMATS:
        abort(404)
    form, period = _period()
    if period is None:
        return render_template("reports/dashboard.html", form=form, ctx=None), 422
    headers = {"Content-Disposition": f'attachment; filename="{exports.filename(period, fmt)}"'}
    if fmt == "csv":
        body = stream_with_context(exports.csv_stream(period))
    else:
        body = exports.report_bytes(period, fmt)
    return Response(body, mimetype=exports.FORMATS[fmt], headers=headers)


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


@bp.route("/temoignages", methods=["GET", "POST"])
@coordinator_required
def highlights():
    """Select the testimonies of a year's report (selected = shown to the funder)."""
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
        flash("Témoignage retenu pour le bilan.", "success")
        return redirect(url_for("reports.highlights", annee=year))
    return render_template(
        "reports/highlights.html",
        year=year,
        form=form,
        delete_form=DeleteForm(),
        selected=selected_highlights(year),
        candidates=candidates(year_period(year)),
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
