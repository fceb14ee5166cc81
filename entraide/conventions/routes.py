"""The conventions and their financial statement, for the coordination (thin views)."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..core.extensions import db
from ..models import Convention
from ..text import plural
from ..web.access import coordinator_required
from ..web.errors import back_to, refused
from ..web.forms import VersionForm
from . import bookkeeping, queries, services
from .deadlines import STATES, deadlines_of, state_of
from .forms import ConventionForm, LineForm, build_statement_form

bp = Blueprint("conventions", __name__, url_prefix="/conventions")
PER_PAGE = 20


def _convention(convention_id: int) -> Convention:
    return db.get_or_404(Convention, convention_id)


@bp.route("")
@coordinator_required
def index():
    """Every convention with its state and its next deadline."""
    page = db.paginate(
        db.select(Convention).order_by(Convention.period_start.desc(), Convention.id.desc()),
        per_page=PER_PAGE,
        error_out=False,
    )
    today = date.today()
    return render_template(
        "conventions/index.html",
        page=page,
        today=today,
        states=STATES,
        state_of=state_of,
        deadlines_of=deadlines_of,
    )


@bp.route("/nouvelle", methods=["GET", "POST"])
@coordinator_required
def new():
    """Enter a convention (its statement starts in the form of the 2024 budget)."""
    form = ConventionForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("conventions/form.html", form=form, convention=None), status
    back_to(url_for("conventions.new"))
    convention = services.create_convention(current_user, form.data_object())
    db.session.commit()
    flash(f"Convention n° {convention.reference} enregistrée.", "success")
    return redirect(url_for("conventions.show", convention_id=convention.id))


@bp.route("/<int:convention_id>")
@coordinator_required
def show(convention_id: int):
    """A convention: its terms, its countdown, a summary of its statement."""
    convention = _convention(convention_id)
    today = date.today()
    return render_template(
        "conventions/show.html",
        convention=convention,
        state=STATES[state_of(convention, today)],
        deadlines=deadlines_of(convention, today),
        view=queries.statement_of(convention),
        form=VersionForm(version=convention.version),
    )


@bp.route("/<int:convention_id>/modifier", methods=["GET", "POST"])
@coordinator_required
def edit(convention_id: int):
    """Correct a convention (refused if someone changed it since the page was loaded)."""
    convention = _convention(convention_id)
    form = ConventionForm.for_convention(convention)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("conventions/form.html", form=form, convention=convention), status
    back_to(url_for("conventions.edit", convention_id=convention.id))
    services.update_convention(
        current_user, convention, form.data_object(), form.expected_version()
    )
    db.session.commit()
    flash(f"Convention n° {convention.reference} enregistrée.", "success")
    return redirect(url_for("conventions.show", convention_id=convention.id))


@bp.route("/<int:convention_id>/supprimer", methods=["POST"])
@coordinator_required
def delete(convention_id: int):
    """Remove a convention and its statement (after the page's confirmation)."""
    convention = _convention(convention_id)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    back_to(url_for("conventions.show", convention_id=convention.id))
    reference = convention.reference
    services.delete_convention(current_user, convention, form.expected_version())
    db.session.commit()
    flash(f"Convention n° {reference} supprimée, avec son bilan financier.", "success")
    return redirect(url_for("conventions.index"))


@bp.route("/<int:convention_id>/bilan-financier")
@coordinator_required
def statement(convention_id: int):
    """Budget, réalisé and écart, line by line, with the balances and what is missing."""
    convention = _convention(convention_id)
    view = queries.statement_of(convention)
    heads = [row for row in view.statement.rows if row.kind == "head"]
    return render_template(
        "conventions/statement.html",
        convention=convention,
        view=view,
        form=VersionForm(version=convention.version),
        line_form=LineForm(formdata=None, version=convention.version),
        heads=heads,
    )


@bp.route("/<int:convention_id>/bilan-financier/saisie", methods=["GET", "POST"])
@coordinator_required
def edit_statement(convention_id: int):
    """Type or correct the budget and réalisé amounts, and the explanations of the écarts."""
    convention = _convention(convention_id)
    back = back_to(url_for("conventions.statement", convention_id=convention.id))
    if convention.is_final:
        return refused(bookkeeping.FINAL_MESSAGE, back, 409)
    view = queries.statement_of(convention)
    form = build_statement_form(view.statement.rows, convention)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(
            "conventions/statement_form.html", convention=convention, view=view, form=form
        ), status
    amounts = {}
    for row in view.statement.rows:
        if row.editable:
            budget, actual, explanation = form.line_fields(row.line_id)
            amounts[row.line_id] = bookkeeping.LineAmounts(
                budget.amount, actual.amount, explanation.data or ""
            )
    changed = bookkeeping.save_amounts(current_user, convention, amounts, form.expected_version())
    db.session.commit()
    if changed:
        lines = plural(changed, "ligne modifiée", "lignes modifiées")
        flash(f"Bilan financier enregistré : {lines}.", "success")
    else:
        flash("Aucun montant n'a changé : rien à enregistrer.", "info")
    return redirect(url_for("conventions.statement", convention_id=convention.id))


def _statement_change(convention_id: int, form_class, apply, message: str):
    """Shared shape of the statement's POST buttons: check, apply, commit, say it."""
    convention = _convention(convention_id)
    back = back_to(url_for("conventions.statement", convention_id=convention.id))
    form = form_class()
    if not form.validate_on_submit():
        errors = " ".join(e for errors in form.errors.values() for e in errors)
        return refused(errors or "Formulaire invalide.", back, 422)
    apply(convention, form)
    db.session.commit()
    flash(message, "success")
    return redirect(back)


@bp.route("/<int:convention_id>/bilan-financier/sous-lignes", methods=["POST"])
@coordinator_required
def add_line(convention_id: int):
    """Add a sub-line under an account (« Traiteur » under 62)."""
    return _statement_change(
        convention_id,
        LineForm,
        lambda c, f: bookkeeping.add_line(
            current_user, c, f.head_id.data, f.label.data, f.expected_version()
        ),
        "Sous-ligne ajoutée : saisissez ses montants.",
    )


@bp.route(
    "/<int:convention_id>/bilan-financier/sous-lignes/<int:line_id>/retirer", methods=["POST"]
)
@coordinator_required
def remove_line(convention_id: int, line_id: int):
    """Remove a sub-line and its amounts (after the page's confirmation)."""
    return _statement_change(
        convention_id,
        VersionForm,
        lambda c, f: bookkeeping.remove_line(current_user, c, line_id, f.expected_version()),
        "Sous-ligne retirée du bilan financier.",
    )


@bp.route("/<int:convention_id>/bilan-financier/definitif", methods=["POST"])
@coordinator_required
def finalise(convention_id: int):
    """Mark the statement final: refused while it does not balance or lacks explanations."""
    return _statement_change(
        convention_id,
        VersionForm,
        lambda c, f: bookkeeping.mark_final(current_user, c, f.expected_version()),
        "Bilan financier marqué définitif.",
    )


@bp.route("/<int:convention_id>/bilan-financier/brouillon", methods=["POST"])
@coordinator_required
def reopen(convention_id: int):
    """Put a final statement back to draft, to correct it."""
    return _statement_change(
        convention_id,
        VersionForm,
        lambda c, f: bookkeeping.reopen(current_user, c, f.expected_version()),
        "Bilan financier repassé en brouillon : il peut être corrigé.",
    )
