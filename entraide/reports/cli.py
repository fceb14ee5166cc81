"""``flask --app entraide report --from YYYY-MM-DD --to YYYY-MM-DD --output FILE``."""

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..core.errors import CliError


@click.command("report")
@click.option("--from", "start", default="", help="Début de la période (AAAA-MM-JJ).")
@click.option("--to", "end", default="", help="Fin de la période (AAAA-MM-JJ).")
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="Fichier à écrire : .pdf, .xlsx, .csv ou .zip (chaque tableau en CSV) ; "
    "le format suit l'extension.",
)
@with_appcontext
def report_command(start, end, output):
    """Écrire le bilan d'activité de l'entraide d'une période (par défaut l'année en cours)."""
    from .exports import check_format, report_bytes
    from .period import parse_period

    path = Path(output)
    fmt = check_format(path.suffix)
    period = parse_period(start, end, date.today())
    data = report_bytes(period, fmt)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CliError(f"Impossible d'écrire « {path} » : {error.strerror}.") from error
    click.echo(f"Bilan ({period.label}) écrit dans {path} ({len(data)} octets).", err=True)
