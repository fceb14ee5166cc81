"""Commands: ``flask --app entraide import-orgs FILE`` and ``export-orgs FILE``."""

import time

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError

from ..core.extensions import db
from ..text import plural
from .exporting import FORMATS


@click.command("import-orgs")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Vérifier le fichier et afficher ce qui changerait, sans rien enregistrer.",
)
@with_appcontext
def import_orgs_command(file, dry_run):
    """Importer des organisations depuis un fichier CSV ou XLSX (tout ou rien ; « - » : entrée
    standard)."""
    from ..core.errors import CliError
    from .services import apply_plan, count_words, plan_import

    started = time.perf_counter()
    plan = plan_import(file.read())
    for warning in plan.warnings:
        click.echo(f"Avertissement : {warning}", err=True)
    if not plan.ok:
        db.session.rollback()
        for error in plan.errors:
            where = f"ligne {error.line}" if error.line else "fichier"
            column = f", colonne {error.column}" if error.column else ""
            click.echo(f"{where}{column} : {error.message}", err=True)
        raise CliError(f"{plural(len(plan.errors), 'erreur')} : rien n'a été importé.")
    if dry_run:
        for planned in plan.rows:
            if planned.action == "create":
                click.echo(f"ligne {planned.line} : nouvelle : {planned.name}")
            elif planned.action == "update":
                changed = [f"{c.label} : {c.before} → {c.after}" for c in planned.changes]
                if planned.needs:
                    changed.append(
                        count_words(len(planned.needs), "besoin ajouté", "besoins ajoutés")
                    )
                if planned.offers:
                    changed.append(
                        count_words(len(planned.offers), "offre ajoutée", "offres ajoutées")
                    )
                click.echo(
                    f"ligne {planned.line} : mise à jour : {planned.name} ({' ; '.join(changed)})"
                )
        db.session.rollback()
        click.echo(f"Simulation, rien n'a été enregistré : {plan.expected().sentence()}")
        return
    try:
        summary = apply_plan(plan, None)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise CliError("Conflit de nom pendant l'import : rien n'a été importé.") from error
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    click.echo(f"Import terminé en {seconds} s : {summary.sentence()}")


@click.command("export-orgs")
@click.argument("file", type=click.File("wb"))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(FORMATS),
    help="csv ou xlsx (par défaut : d'après l'extension du fichier, sinon csv).",
)
@click.option(
    "--codes",
    is_flag=True,
    help="Forme technique : noms de colonnes, statuts, secteurs et thèmes en codes "
    "(par défaut : titres et libellés en français).",
)
@with_appcontext
def export_orgs_command(file, file_format, codes):
    """Exporter les organisations (non archivées) en CSV ou XLSX (« - » : sortie standard)."""
    from .exporting import export_bytes
    from .queries import export_rows

    if file_format is None:
        name = str(getattr(file, "name", ""))  # standard output may have none
        file_format = "xlsx" if name.lower().endswith(".xlsx") else "csv"
    headers, rows = export_rows(codes=codes)
    file.write(export_bytes(headers, rows, file_format, codes=codes))
    exported = plural(len(rows), "organisation exportée", "organisations exportées")
    click.echo(f"{exported}.", err=True)
