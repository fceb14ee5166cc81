"""What a correction of a meeting changed, in French: the fields' names and « old → new ».

A correction's entry keeps, in ``before`` and ``after``, only the fields it changed, by
their model names (``held_on``, ``participant_ids``…), as JSON: dates in ISO, hours as a
decimal string, organisations by id. Here they become the words of the recording forms
and French values: « 28/09/2026 », « 14:30 », « 2,25 h », « 90 minutes », organisation
names.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from ..models.followup import MEETING_FORMATS
from ..models.group import MEETING_KINDS
from ..text import format_date, format_hours, plural, shorten

TEXT_WIDTH = 120
_DATES = ("held_on", "next_meeting_on")
_LABELS = {"format": MEETING_FORMATS, "kind": MEETING_KINDS}


def _list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def value_fr(key: str, value, names) -> str:
    """One stored value of ``key`` as French text (``names``: the journal's Names)."""
    if key == "participant_ids":
        return names.orgs(value if isinstance(value, list) else [])
    if value is None or value == "":
        return "—"
    if key == "host_id":
        return names.org(value).text
    if key in _DATES:
        try:
            return format_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if key in _LABELS:
        return _LABELS[key].get(value, str(value))
    if key == "start_time":  # a wall-clock time in Paris, kept as « 14:30 »
        return str(value)
    if key == "duration_minutes" and isinstance(value, int):
        return plural(value, "minute")
    if key == "volunteer_hours":
        try:
            return format_hours(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    return f"« {shorten(str(value), TEXT_WIDTH)} »"


def changed_keys(before: dict, after: dict, labels: dict[str, str]) -> list[str]:
    """The fields the correction changed, in the order of the form."""
    return [key for key in labels if key in before or key in after]


def fields_fr(keys: list[str], labels: dict[str, str]) -> str:
    """« participants, durée et heures de bénévolat »."""
    return _list([labels[key][0].lower() + labels[key][1:] for key in keys]) if keys else ""


def details_fr(before: dict, after: dict, labels: dict[str, str], names) -> list[tuple]:
    """(label, « old → new ») for each field the correction changed."""
    return [
        (
            labels[key],
            f"{value_fr(key, before.get(key), names)} → {value_fr(key, after.get(key), names)}",
        )
        for key in changed_keys(before, after, labels)
    ]
