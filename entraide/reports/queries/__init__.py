"""Aggregates of a period, one grouped SQL query each (no private notes, contacts or flags).

Everything here may be shown to the funder: organisation names, counts and hours, never
a follow-up summary, an e-mail, a person's name or the "in difficulty" flag. Each function
returns plain data; :mod:`..tables` turns them into ``(headers, rows)`` tables.
"""

from .activity import (
    FOLLOWED_STATES,
    PROPOSAL_STATES,
    followups,
    group_meetings,
    help_requests,
    pairings,
    satisfaction,
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
from .settings import hourly_rate

__all__ = [
    "FOLLOWED_STATES",
    "PROPOSAL_STATES",
    "OrganisationFigures",
    "balance",
    "by_territory",
    "followups",
    "group_meetings",
    "help_requests",
    "hosts_by_theme",
    "hourly_rate",
    "map_members",
    "needs_by_theme",
    "organisations",
    "pairings",
    "satisfaction",
    "validation_to_first_meeting",
]
