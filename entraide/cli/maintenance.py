"""Maintenance commands: backup, restore, and the purge of old audit entries and mails.

Retention: the audit trail is kept ``AUDIT_RETENTION_DAYS`` days, then purged; sent and
failed mails of the outbox ``OUTBOX_RETENTION_DAYS`` days (the worker purges them too).

The ORM refuses to delete an audit entry on purpose (the application never rewrites
its evidence); the purge is the one exception, done with a Core DELETE from the command
line (cron), so that it cannot be triggered from the web.
"""

import logging
import os
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete

from ..core.backup import backup, restore
from ..core.errors import CliError
from ..core.extensions import db
from ..models import AuditEntry
from ..models._base import utcnow
from ..outbox import services as outbox_services
from ..text import plural

log = logging.getLogger(__name__)


def purge_audit(older_than_days: int) -> int:
    """Delete audit entries created more than ``older_than_days`` days ago; return the count."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    result = db.session.execute(
        delete(AuditEntry.__table__).where(AuditEntry.__table__.c.created_at < cutoff)
    )
    log.info("purged %s audit entries older than %s", result.rowcount, cutoff)
    return result.rowcount


@click.command("purge")
@with_appcontext
@click.option(
    "--older-than-days",
    type=int,
    default=None,
    help="Âge minimal, en jours, des entrées supprimées (défaut : AUDIT_RETENTION_DAYS).",
)
def purge_command(older_than_days):
    """Supprimer les entrées du journal d'audit et les courriels envoyés trop anciens.

    Le journal est gardé AUDIT_RETENTION_DAYS jours ; les courriels envoyés ou en échec,
    OUTBOX_RETENTION_DAYS jours.
    """
    if older_than_days is None:
        older_than_days = int(current_app.config.get("AUDIT_RETENTION_DAYS") or 0)
    days = older_than_days
    if days < 1:
        raise CliError("La durée de conservation doit être d'au moins un jour.")
    count = purge_audit(days)
    mail_days = int(current_app.config.get("OUTBOX_RETENTION_DAYS") or 0)
    mails = outbox_services.purge(mail_days) if mail_days >= 1 else 0
    db.session.commit()
    removed = plural(count, "supprimée", number=False)
    click.echo(
        f"{plural(count, 'entrée')} du journal d'audit de plus de {plural(days, 'jour')} {removed}."
    )
    if mail_days >= 1:
        purged = plural(mails, "supprimé", number=False)
        click.echo(
            f"{plural(mails, 'courriel envoyé ou en échec', 'courriels envoyés ou en échec')} "
            f"de plus de {plural(mail_days, 'jour')} {purged} de la file."
        )


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Remplacer le fichier s'il existe déjà.")
def backup_command(file, force):
    """Sauvegarder toute la base dans FILE (possible pendant que l'application tourne)."""
    if os.path.exists(file) and not force:
        raise CliError(f"Le fichier {file} existe déjà (--force pour le remplacer).")
    backup(file)
    click.echo(f"Sauvegarde écrite dans {file} ({os.path.getsize(file)} octets).")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
def restore_command(file, yes):
    """Remplacer tout le contenu de la base par la sauvegarde FILE."""
    question = f"Tout le contenu actuel de la base sera remplacé par {file}. Continuer ?"
    if not yes and not _confirmed(question):
        raise CliError("Restauration annulée : la base n'a pas été modifiée.")
    restore(file)
    click.echo(f"Base restaurée depuis {file}.")


def _confirmed(question: str) -> bool:
    try:
        return click.confirm(question, default=False)
    except click.Abort:  # no terminal, or Ctrl+C
        return False
