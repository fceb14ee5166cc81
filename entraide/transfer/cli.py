"""Commands: ``flask --app entraide import-orgs FILE`` and ``export-orgs FILE``."""

import time

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError

from ..core.extensions import db
from ..text import plural


@click.command("import-orgs")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Vérifier le fichier et afficher le bilan sans rien enregistrer.",
)
@with_appcontext
def import_orgs_command(file, dry_run):
    """Importer des organisations depuis un fichier CSV (tout ou rien ; « - » : entrée standard)."""
    from ..core.errors import CliError
    from .services import import_file

    started = time.perf_counter()
    try:
        outcome = import_file(file.read(), None)
    except IntegrityError as error:
        db.session.rollback()
        raise CliError("Conflit de nom pendant l'import : rien n'a été importé.") from error
    for warning in outcome.warnings:
        click.echo(f"Avertissement : {warning}", err=True)
    if not outcome.ok:
        db.session.rollback()
        for error in outcome.errors:
            where = f"ligne {error.line}" if error.line else "fichier"
            column = f", colonne {error.column}" if error.column else ""
            click.echo(f"{where}{column} : {error.message}", err=True)
        raise CliError(f"{plural(len(outcome.errors), 'erreur')} : rien n'a été importé.")
    if dry_run:
        db.session.rollback()
        click.echo(f"Simulation, rien n'a été enregistré : {outcome.summary.sentence()}")
    else:
        db.session.commit()
        seconds = time.perf_counter() - started
        click.echo(f"Import terminé en {seconds:.1f} s : {outcome.summary.sentence()}")


@click.command("export-orgs")
@click.argument("file", type=click.File("wb"))
@with_appcontext
def export_orgs_command(file):
    """Exporter les organisations (non archivées) en CSV (« - » : sortie standard)."""
    from ..core.csvcells import write_csv
    from .queries import export_rows

    headers, rows = export_rows()
    file.write(write_csv(headers, rows))
    exported = plural(len(rows), "organisation exportée", "organisations exportées")
    click.echo(f"{exported}.", err=True)
