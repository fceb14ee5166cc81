"""Steps the stories of the demo's year share: a meeting of a booklet, both consents."""

from decimal import Decimal

from ..followups import services as followups
from ..pairings import services as pairings
from .cast import Cast


def meeting(
    cast: Cast, pairing, by: str, days_ago: int, fmt: str, hours: str, summary: str, **options
):
    """One meeting of the follow-up booklet, logged by a person of ``by``."""
    return followups.log_followup(
        pairing,
        cast.person(by),
        held_on=cast.day(days_ago),
        format=fmt,
        volunteer_hours=Decimal(hours),
        summary=summary,
        today=cast.day(days_ago),
        **options,
    )


def both_accept(cast: Cast, pairing, days_ago: int, mentee: str, mentor: str, first="mentee"):
    """Both SCICs accept (the second one a day later); the pairing starts that day."""
    order = [("mentee", mentee), ("mentor", mentor)]
    if first == "mentor":
        order.reverse()
    side, key = order[0]
    pairings.answer(pairing, cast.person(key), side, True, "Avec plaisir !")
    yield days_ago - 1, "17:20"
    side, key = order[1]
    pairings.answer(pairing, cast.person(key), side, True, None)
    pairing.start_date = cast.day(days_ago - 1)
