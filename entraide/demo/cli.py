"""``demo``: load, rebuild or take out the demonstration network."""

import logging
from contextlib import contextmanager

import click
from flask.cli import with_appcontext

from ..core.errors import CliError
from ..core.extensions import db
from ..models import User
from ..models.user import ROLES
from ..text import plural

_RESET_HELP = (
    "Tout effacer puis recharger la démonstration (refusé si la base contient autre chose "
    "que la démonstration, sauf avec --yes)."
)


@click.command("demo")
@with_appcontext
@click.option(
    "--if-empty", is_flag=True, help="Ne rien faire si la base contient déjà des organisations."
)
@click.option("--reset", is_flag=True, help=_RESET_HELP)
@click.option("--unload", is_flag=True, help="Effacer la démonstration sans la recharger.")
@click.option("--yes", is_flag=True, help="Confirmer l'effacement d'autres données.")
def demo_command(if_empty, reset, unload, yes):
    """Charger le réseau de démonstration (sans effet s'il est déjà chargé)."""
    from . import DEMO_ACCOUNTS, older_demo, organisation_count

    if reset and unload:
        raise CliError("Choisissez --reset (effacer et recharger) ou --unload (effacer).")
    if reset or unload:
        _empty(yes)
        if unload:
            db.session.commit()
            click.echo("La démonstration est retirée : la base est vide.")
            return
    if if_empty and organisation_count():
        click.echo("La base contient déjà des organisations : démonstration non chargée.")
        if older_demo():
            click.echo(
                "C'est une démonstration d'une version précédente : « flask --app entraide "
                "demo --reset » la remplace par la démonstration actuelle."
            )
    else:
        _load()
    _list_accounts(DEMO_ACCOUNTS)


def _empty(yes: bool) -> None:
    from . import DEMO_ACCOUNTS
    from .reset import empty_database, foreign_data

    problems = foreign_data(email for email, *_rest in DEMO_ACCOUNTS)
    if problems and not yes:
        raise CliError(
            "La base contient d'autres données que la démonstration ("
            + " ; ".join(problems)
            + ") : rien n'a été effacé. Relancez avec --yes pour tout effacer quand même."
        )
    counts = empty_database()
    click.echo(
        f"Base vidée : {plural(counts.get('organisation', 0), 'organisation')}, "
        f"{plural(counts.get('user_account', 0), 'compte')}, "
        f"{plural(sum(counts.values()), 'ligne')} en tout effacées ; thèmes, territoires, "
        "réglages du rapprochement et du bilan conservés."
    )


@contextmanager
def _quiet():
    """The year of life goes through the services, each of which logs what it did: a few
    hundred lines nobody running ``make run`` needs (warnings and errors still show)."""
    logger = logging.getLogger("entraide")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def _load() -> None:
    from . import load_demo

    with _quiet():
        created = load_demo()
    db.session.commit()
    if not any(created.values()):
        click.echo("Réseau de démonstration déjà chargé : rien n'a été ajouté.")
        return
    message = (
        f"Réseau de démonstration : {plural(created['organisations'], 'organisation')}, "
        f"{plural(created['accounts'], 'compte')} et "
        f"{plural(created['meetings'], 'rencontre')} de l'historique 2022-2023 ajoutés"
    )
    if created["life"]:
        message += " ; une année de vie des organisations fictives jouée"
    click.echo(message + ".")


def _list_accounts(accounts) -> None:
    from . import DEMO_PASSWORD

    present = [
        account
        for account in accounts
        if db.session.execute(db.select(User.id).filter_by(email=account[0])).first()
    ]
    if present:
        click.echo(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for email, role, _name, org in present:
            click.echo(f"  {email:32} {ROLES[role]}" + (f" – {org}" if org else ""))
