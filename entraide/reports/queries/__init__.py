"""Aggregates of a period, one grouped SQL query each (no private notes, contacts or flags).

Everything here may be shown to the funder: organisation names, counts and hours, never
a follow-up summary, an e-mail, a person's name or the "in difficulty" flag. Each function
returns plain data; :mod:`..tables` turns them into ``(headers, rows)`` tables.
"""

from .activity import (
    followups,
    group_meetings,
    help_requests,
    pairings,
    validation_to_first_meeting,
)
from .network import (
    OrganisationFigures,
    balance,
    by_territory,
    hosts_by_theme,
    map_members,
    needs_by_theme,
    organisations,
)
from .settings import highlights, hourly_rate

__all__ = [
    "OrganisationFigures",
    "balance",
    "by_territory",
    "followups",
    "group_meetings",
    "help_requests",
    "highlights",
    "hosts_by_theme",
    "hourly_rate",
    "map_members",
    "needs_by_theme",
    "organisations",
    "pairings",
    "validation_to_first_meeting",
]
