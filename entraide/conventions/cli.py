"""``flask --app entraide conventions import-shared``, and the conventions' part of the
daily ``send-reminders`` job."""

from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError

from ..core.extensions import db
from ..text import format_date, plural
from . import reminders
from .shared import import_shared


@click.group("conventions")
def conventions_group():
    """Conventions avec le financeur et leur bilan financier."""


@conventions_group.command("import-shared")
@with_appcontext
def import_shared_command():
    """Enregistrer les conventions 2022-2023 et 2024 et leurs budgets (données partagées).

    Sans effet sur une convention déjà enregistrée (même financeur et même référence) et
    sur un bilan financier qui contient déjà des montants.
    """
    result = import_shared()
    db.session.commit()
    for reference in result.created:
        click.echo(f"Convention n° {reference} enregistrée.")
    for reference in result.kept:
        click.echo(f"Convention n° {reference} déjà enregistrée : laissée telle quelle.")
    for reference in result.statements:
        click.echo(f"Bilan financier de la convention n° {reference} chargé.")
    for warning in result.warnings:
        click.echo(f"Attention : {warning}")


def _describe(reminder: reminders.DeadlineReminder) -> str:
    deadline = reminder.deadline
    what = "bilan final" if deadline.kind == "report" else "demande de prolongation"
    return (
        f"- convention n° {deadline.reference} : {what} le {format_date(deadline.day)} "
        f"({plural(deadline.days_left, 'jour')}) → "
        f"{plural(len(reminder.recipients), 'destinataire')}"
    )


def send_deadline_reminders(today: date, dry_run: bool) -> None:
    """The conventions' reminders of ``send-reminders`` (one commit per reminder)."""
    pending = reminders.pending(today)
    if not pending:
        click.echo("Aucun rappel d'échéance de convention à envoyer.")
        return
    click.echo("Échéances des conventions :")
    for reminder in pending:
        click.echo(_describe(reminder))
    if dry_run:
        click.echo(
            f"Simulation : {plural(len(pending), 'rappel')} d'échéance à envoyer ; "
            "rien n'a été envoyé ni enregistré."
        )
        return
    done = skipped = 0
    for reminder in pending:
        try:
            reminders.claim(reminder)
            db.session.commit()
        except IntegrityError:  # another run sent it a moment ago
            db.session.rollback()
            skipped += 1
            continue
        done += 1
    click.echo(
        f"{plural(done, 'rappel')} d'échéance mis en file d'envoi"
        + (
            f", {plural(skipped, 'déjà envoyé', 'déjà envoyés')} par une autre exécution"
            if skipped
            else ""
        )
        + "."
    )
