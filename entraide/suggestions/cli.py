"""``flask suggest`` and ``flask groups``: the matching results as text or JSON."""

import dataclasses
import json

import click
from flask.cli import with_appcontext

from ..core.errors import CliError
from ..matching import MatchingParams
from . import services


def _params(**overrides) -> MatchingParams:
    """Stored settings with the command's options on top; French error if invalid."""
    stored = services.current_settings().to_params()
    params = dataclasses.replace(stored, **{k: v for k, v in overrides.items() if v is not None})
    problems = params.validate()
    if problems:
        raise CliError(" ".join(problems))
    return params


_output_option = click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Format de sortie.",
)


def _echo_json(data: dict) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("suggest")
@with_appcontext
@click.option(
    "--top", "top_k", type=int, help="Nombre de SCIC marraines proposées par SCIC filleule."
)
@_output_option
def suggest_command(top_k, output):
    """Suggestions de parrainage pour chaque jeune SCIC et appariement proposé."""
    result = services.network_suggestions(_params(top_k=top_k))
    if output == "json":
        _echo_json(result.to_dict())
        return
    if result.reason:
        click.echo(result.reason)
    for mentee in result.mentees:
        click.echo(f"\n{mentee.name}")
        if not mentee.candidates:
            click.echo(f"  {mentee.reason}")
        for rank, candidate in enumerate(mentee.candidates, 1):
            click.echo(f"  {rank}. {candidate.name} — score {candidate.score:.2f}")
            for reason in candidate.reasons:
                click.echo(f"       · {reason}")
    click.echo("\nAppariement proposé :")
    for pair in result.proposed_pairs:
        click.echo(f"  {pair.mentee} ← {pair.mentor} (score {pair.score:.2f})")
    if not result.proposed_pairs:
        click.echo("  aucun binôme.")


@click.command("groups")
@with_appcontext
@click.option("--min-size", type=int, help="Taille minimale des groupes.")
@click.option("--max-size", type=int, help="Taille maximale des groupes.")
@click.option(
    "--sans-territoires",
    "ignore_territories",
    is_flag=True,
    help="Proposer des groupes sans tenir compte des territoires (ils peuvent en mêler deux).",
)
@_output_option
def groups_command(min_size, max_size, ignore_territories, output):
    """Groupes territoriaux proposés, avec un lieu pour la prochaine rencontre.

    Par défaut, chaque groupe reste dans un territoire de la table de la coordination.
    """
    result = services.network_groups(
        _params(group_min_size=min_size, group_max_size=max_size),
        same_territory=not ignore_territories,
    )
    if output == "json":
        _echo_json(result.to_dict())
        return
    for group in result.groups:
        click.echo(
            f"\n{group.name} ({len(group.members)} membres) — prochaine rencontre "
            f"chez {group.host.name}"
        )
        for member in group.members:
            click.echo(f"  - {member.name}")
    if not result.groups:
        click.echo("Aucun groupe.")
    if result.unplaced:
        click.echo("\nHors groupe :")
        for org in result.unplaced:
            click.echo(f"  - {org.name} : {org.reason}")
