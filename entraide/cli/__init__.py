"""Command-line commands (``flask --app entraide …``): every feature's, in one place.

A command's service may raise :class:`~entraide.core.errors.UserError`; the wrapper
below turns it into "Erreur : …" and exit status 1, as the web turns it into a page.
"""

from functools import wraps

import click
from flask import Flask

from ..core.errors import CliError, UserError
from ..core.extensions import db


def register_cli(app: Flask) -> None:
    from ..actions.cli import actions_cli
    from ..conventions.cli import conventions_group
    from ..demo.cli import demo_command
    from ..followups.cli import send_reminders_command
    from ..outbox.cli import outbox_group
    from ..privacy.cli import erase_person_command, export_person_command
    from ..reports.cli import report_command
    from ..suggestions.cli import groups_command, suggest_command
    from ..transfer.cli import export_orgs_command, import_orgs_command
    from .accounts import create_user_command
    from .maintenance import backup_command, purge_command, restore_command

    for command in (
        create_user_command,
        demo_command,
        import_orgs_command,
        export_orgs_command,
        suggest_command,
        groups_command,
        send_reminders_command,
        outbox_group,
        report_command,
        conventions_group,
        backup_command,
        restore_command,
        export_person_command,
        erase_person_command,
        purge_command,
        actions_cli,
    ):
        app.cli.add_command(french_errors(command))


def french_errors(command: click.Command) -> click.Command:
    """Answer a service's UserError (in this command or its subcommands) as a CliError."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            french_errors(sub)
    callback = command.callback
    if callback is None or getattr(callback, "_french_errors", False):
        return command

    @wraps(callback)
    def wrapped(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except UserError as error:
            db.session.rollback()
            raise CliError(str(error)) from error

    wrapped._french_errors = True
    command.callback = wrapped
    return command
