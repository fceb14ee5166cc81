"""``create-user``: the first coordination account, or any account, from the command line."""

import sys

import click
from flask.cli import with_appcontext

from ..core.errors import CliError
from ..core.extensions import db
from ..core.passwords import password_problem
from ..models.user import ROLES
from ..organisations.services import find_by_name
from ..users.services import create_user


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(list(ROLES)), required=True, help="Rôle du compte.")
@click.option("--org", "org_name", help="Organisation (obligatoire pour un membre).")
@click.option("--name", default="", help="Nom affiché.")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
def create_user_command(email, role, org_name, name, password_stdin):
    """Créer un compte (le mot de passe est demandé, ou lu sur l'entrée standard)."""
    email = email.strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@") or len(email) > 254:
        raise CliError("Adresse électronique invalide.")
    organisation = None
    if org_name:
        organisation = find_by_name(org_name)
        if organisation is None:
            raise CliError(f"Organisation inconnue : « {org_name} ».")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise CliError(problem)
    user = create_user(None, email, role, name=name, organisation=organisation, password=password)
    db.session.commit()
    click.echo(f"Compte créé : {user.email} ({user.role_label}).")
