"""``demo``: load the demonstration network."""

import click
from flask.cli import with_appcontext

from ..core.extensions import db
from ..models import User
from ..models.user import ROLES
from ..text import plural


@click.command("demo")
@with_appcontext
@click.option(
    "--if-empty", is_flag=True, help="Ne rien faire si la base contient déjà des organisations."
)
def demo_command(if_empty):
    """Charger le réseau de démonstration (sans effet s'il est déjà chargé)."""
    from . import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo, organisation_count

    if if_empty and organisation_count():
        click.echo("La base contient déjà des organisations : démonstration non chargée.")
    else:
        created = load_demo()
        db.session.commit()
        click.echo(
            f"Réseau de démonstration : {plural(created['organisations'], 'organisation')}, "
            f"{plural(created['accounts'], 'compte')} et "
            f"{plural(created['meetings'], 'rencontre')} de l'historique 2022-2023 ajoutés."
        )
    present = [
        account
        for account in DEMO_ACCOUNTS
        if db.session.execute(db.select(User.id).filter_by(email=account[0])).first()
    ]
    if present:
        click.echo(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for email, role, _name, org in present:
            click.echo(f"  {email:32} {ROLES[role]}" + (f" – {org}" if org else ""))
