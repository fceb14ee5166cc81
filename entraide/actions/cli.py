"""``flask actions``: load the network's 2022-2023 history into the register."""

import click
from flask.cli import with_appcontext

from ..core.extensions import db
from ..text import plural
from .history import load_history


@click.group("actions")
def actions_cli():
    """Le registre des actions du réseau."""


@actions_cli.command("historique")
@with_appcontext
def history_command():
    """Ajouter les rencontres 2022-2023 du réseau (fichier livré) qui manquent au registre."""
    created = load_history()
    db.session.commit()
    click.echo(f"{plural(created, 'action ajoutée', 'actions ajoutées')} au registre.")
