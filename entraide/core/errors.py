"""The one way a rule says no: a French message for the person, and its HTTP status.

Services raise :class:`UserError` and write nothing more; the web answers it with the
"Action impossible" page (``web.errors``), the commands with "Erreur : …" and exit
status 1 (:class:`CliError`, raised for it by ``entraide.cli``).
"""

import click


class UserError(Exception):
    """A workflow or validation rule refused the action; ``str(error)`` is French."""

    #: 409: the action conflicts with the current state; 422 for invalid input.
    status = 409

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


class CliError(click.ClickException):
    """A command failure shown to the user in French ("Erreur : …"), exit code 1."""

    def show(self, file=None) -> None:
        click.echo(f"Erreur : {self.format_message()}", err=True, file=file)
