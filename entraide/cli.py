"""Command-line commands (``flask --app entraide …``)."""

import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from .extensions import db
from .models import User
from .models.user import ROLES
from .passwords import password_problem
from .transfer.cli import export_orgs_command, import_orgs_command


class CliError(click.ClickException):
    """A command failure shown to the user in French ("Erreur : …"), exit code 1."""

    def show(self, file=None) -> None:
        click.echo(f"Erreur : {self.format_message()}", err=True, file=file)


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(import_orgs_command)
    app.cli.add_command(export_orgs_command)

    from .suggestions.cli import groups_command, suggest_command

    app.cli.add_command(suggest_command)
    app.cli.add_command(groups_command)

    from .followups.cli import send_reminders_command

    app.cli.add_command(send_reminders_command)

    from .reports.cli import report_command

    app.cli.add_command(report_command)

    from .backup import backup_command, restore_command
    from .privacy.cli import erase_person_command, export_person_command
    from .retention import purge_command

    for command in (
        backup_command,
        restore_command,
        export_person_command,
        erase_person_command,
        purge_command,
    ):
        app.cli.add_command(command)


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(list(ROLES)), required=True, help="Rôle du compte.")
@click.option("--org", "org_name", help="Organisation (obligatoire pour un membre).")
@click.option("--name", default="", help="Nom affiché.")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
def create_user_command(email, role, org_name, name, password_stdin):
    """Créer un compte (le mot de passe est demandé, ou lu sur l'entrée standard)."""
    from .organisations.services import find_by_name
    from .users.services import AccountError, create_user

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
    try:
        user = create_user(
            None, email, role, name=name, organisation=organisation, password=password
        )
    except AccountError as error:
        raise CliError(str(error)) from error
    db.session.commit()
    click.echo(f"Compte créé : {user.email} ({user.role_label}).")


@click.command("demo")
@with_appcontext
@click.option(
    "--if-empty", is_flag=True, help="Ne rien faire si la base contient déjà des organisations."
)
def demo_command(if_empty):
    """Charger le réseau de démonstration (sans effet s'il est déjà chargé)."""
    from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo, organisation_count

    if if_empty and organisation_count():
        click.echo("La base contient déjà des organisations : démonstration non chargée.")
    else:
        created = load_demo()
        db.session.commit()
        click.echo(
            f"Réseau de démonstration : {created['organisations']} organisation(s), "
            f"{created['accounts']} compte(s) et {created['meetings']} rencontre(s) "
            "de l'historique 2022-2023 ajoutés."
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
