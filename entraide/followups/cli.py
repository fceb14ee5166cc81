"""``flask --app entraide send-reminders``: the daily reminders, for cron."""

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError

from ..conventions.cli import send_deadline_reminders
from ..core.extensions import db
from ..text import plural
from . import reminders
from .health import LATE


def _describe(reminder: reminders.Reminder) -> str:
    parts = []
    if reminder.state is not None:
        health = reminder.health
        label = "en retard" if reminder.state == LATE else "à relancer"
        parts.append(f"{label} ({plural(health.days_since, 'jour')} sans rencontre)")
    if reminder.actions:
        parts.append(plural(len(reminder.actions), "action en retard", "actions en retard"))
    recipients = plural(len(reminder.recipients), "destinataire")
    return f"- {reminder.title} : {', '.join(parts)} → {recipients}"


@click.command("send-reminders")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Afficher les relances prévues sans rien envoyer ni enregistrer.",
)
@with_appcontext
def send_reminders_command(dry_run):
    """Relancer par courriel les parrainages en retard ou à relancer et les actions en retard ;
    rappeler à la coordination les échéances des conventions (60, 30 et 7 jours avant).

    À lancer chaque jour (cron) : une même raison n'est jamais relancée deux fois. Les
    courriels sont mis en file d'envoi : le service « flask outbox worker » (ou
    « flask outbox send ») les envoie.
    """
    app = current_app._get_current_object()
    today = date.today()
    # No request here: the links in the mails come from BASE_URL (core.links).
    pending = reminders.pending(today)
    if not pending:
        click.echo("Aucune relance à envoyer.")
    else:
        click.echo(f"Relances du {today:%d/%m/%Y} :")
        for reminder in pending:
            click.echo(_describe(reminder))
        if dry_run:
            click.echo(
                f"Simulation : {plural(len(pending), 'relance')} à envoyer ; "
                "rien n'a été envoyé ni enregistré."
            )
        else:
            _send(app, pending)
    # The same daily job reminds the coordination of the conventions' deadlines.
    send_deadline_reminders(today, dry_run)


def _send(app, pending) -> None:
    done, skipped, messages = [], 0, 0
    for reminder in pending:
        try:
            reminders.claim(reminder)  # records the reasons and queues the mails
            db.session.commit()
        except IntegrityError:  # another run sent it a moment ago
            db.session.rollback()
            skipped += 1
            continue
        done.append(reminder)
        messages += len(reminder.recipients)
    late = sum(r.state == LATE for r in done)
    actions = sum(len(r.actions) for r in done)
    click.echo(
        f"Bilan : {plural(len(done), 'parrainage relancé', 'parrainages relancés')} "
        f"({late} en retard, {sum(r.state is not None for r in done) - late} à relancer, "
        f"{plural(actions, 'action en retard', 'actions en retard')}), "
        f"{plural(messages, 'courriel mis', 'courriels mis')} en file d'envoi."
    )
    if not app.config.get("MAIL_SERVER"):
        click.echo(
            "SMTP non configuré (MAIL_SERVER) : les courriels seront écrits dans le journal."
        )
    if skipped:
        done_elsewhere = plural(skipped, "relance déjà envoyée", "relances déjà envoyées")
        click.echo(f"{done_elsewhere} par une autre exécution.")
