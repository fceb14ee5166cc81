"""``export-person`` and ``erase-person``: the coordination answers GDPR requests."""

import json

import click
from flask.cli import with_appcontext

from ..core.errors import CliError
from ..core.extensions import db
from .services import erase_person, export_person, find_person


@click.command("export-person")
@with_appcontext
@click.argument("email")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Fichier JSON (défaut : l'écran)."
)
def export_person_command(email, output):
    """Exporter en JSON tout ce qui concerne une personne (droit d'accès, portabilité)."""
    data = export_person(find_person(email))
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        click.echo(f"Export écrit dans {output}.", err=True)
    else:
        click.echo(text)


@click.command("erase-person")
@with_appcontext
@click.argument("email")
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
def erase_person_command(email, yes):
    """Effacer une personne : compte pseudonymisé et désactivé (droit à l'effacement)."""
    user = find_person(email)
    question = f"Effacer les données personnelles de {user.email} ? C'est irréversible"
    if not yes and not _confirmed(question):
        raise CliError("Effacement annulé : rien n'a été modifié.")
    erase_person(user)
    db.session.commit()
    click.echo(f"Compte n° {user.id} pseudonymisé et désactivé.")


def _confirmed(question: str) -> bool:
    try:
        return click.confirm(question, default=False)
    except click.Abort:  # no terminal, or Ctrl+C
        return False
