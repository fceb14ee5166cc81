"""The steps the pages of both kinds of meetings share: the « Action impossible » answers,
the plan, change and record forms' submission, the cancellation's confirmation page, the
.ics download, the correction's page.

Each kind's routes find the meeting and check who may (its own rules), then hand over
here; the services do the writing, these steps commit once and answer.
"""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..calendars.forms import CancelMeetingForm
from ..calendars.ics import CalendarEvent, calendar_bytes
from ..calendars.responses import ics_response
from ..core.errors import UserError
from ..core.extensions import db
from ..text import plural
from ..web.errors import back_to, refused
from .corrections import STALE, deadline_of


def status_of(form) -> int:
    """A form sent back with its errors is 422; the blank form 200."""
    return 422 if form.is_submitted() else 200


def refuse(message: str, back: str):
    """The « Action impossible » page (409), with the way back; nothing is written."""
    back_to(back)
    raise UserError(message, 409)


def refuse_incomplete(form, back: str, message: str) -> None:
    """A form without the version it was filled from: not one a page gave (422)."""
    if form.version.errors:
        back_to(back)
        raise UserError(message, 422)


def rescheduled(changed: bool, told: str) -> tuple[str, str]:
    """What a change of a planned meeting says (``told``: who was told, in words)."""
    if changed:
        return f"La rencontre est modifiée : {told}.", "success"
    return "Rien n'a changé : aucun courriel n'est envoyé.", "info"


def form_page(
    form,
    apply: Callable[[], tuple[str, str]],
    *,
    done: str,
    template: str,
    back: str | None = None,
    incomplete: str | None = None,
    **context,
):
    """A planning form's page (plan, change, record). Sent and valid: ``apply`` (the kind's
    service called with the form's data) says what it did, committed once, then flashed
    (after the commit: a refused commit must not leave a success in the session), and the
    user goes to ``done``, which any refusal links back to. ``incomplete``: the refusal
    of a form without the version it was filled from (422, back to ``back``)."""
    if form.validate_on_submit():
        back_to(done)
        message, category = apply()
        db.session.commit()
        flash(message, category)
        return redirect(done)
    if incomplete is not None:
        refuse_incomplete(form, back or done, incomplete)
    return render_template(template, form=form, **context), status_of(form)


def cancel_page(meeting, cancel: Callable, *, back: str, title: str, where: str, recipients: int):
    """« Annuler la rencontre », after a confirmation page: kept « annulée », mails sent.
    ``cancel``: the kind's service (it returns the number of mails queued)."""
    form = CancelMeetingForm()
    if form.validate_on_submit():
        back_to(back)
        mails = cancel(meeting, current_user, form.reason.data or "")
        db.session.commit()
        told = plural(mails, "personne prévenue", "personnes prévenues")
        flash(f"La rencontre est annulée : {told}.", "success")
        return redirect(back)
    return render_template(
        "calendars/cancel.html",
        form=form,
        title=title,
        meeting=meeting,
        where=where,
        recipients=recipients,
        back=back,
    ), status_of(form)


def ics_download(meeting, event_of: Callable[..., CalendarEvent]):
    """The planned (or cancelled) meeting as an .ics file, for any calendar application;
    ``event_of``: the kind's event of a meeting (``calendars.events``)."""
    if meeting.is_held:
        abort(404)  # a record, not an appointment: it has no calendar file
    ics = calendar_bytes([event_of(meeting)], method="PUBLISH")
    return ics_response(ics, f"rencontre-{meeting.held_on.isoformat()}.ics")


def correction_page(
    meeting,
    form,
    correct: Callable,
    *,
    back: str,
    done: str,
    incomplete: str,
    template: str,
    **context,
):
    """The correction form of a held meeting whose user may correct it (the caller checked
    ``refusal``): applied by the kind's ``correct`` service, committed once; a concurrent
    correction (the version column) answers 409 with the way ``back``; saved, to ``done``."""
    if form.validate_on_submit():
        arguments = form.correction_arguments()
        changed = correct(meeting, current_user, version=form.version.data, **arguments)
        try:
            db.session.commit()
        except (IntegrityError, StaleDataError):
            return refused(STALE, back)  # it rolls back before the page reads anything
        message = (
            "La correction est enregistrée ; le journal garde ce qui a changé."
            if changed
            else "Aucune modification : la rencontre est restée telle quelle."
        )
        flash(message, "success" if changed else "info")
        return redirect(done)
    if form.version.errors:  # a form without its version: not one this page gave
        return refused(incomplete, back, 422)
    return render_template(
        template,
        form=form,
        correcting=meeting,
        deadline=deadline_of(meeting),
        back=back,
        **context,
    ), status_of(form)
