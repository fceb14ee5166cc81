"""A year of life between the fictional organisations, through the services.

Every state a coordinator meets is there, dated within the last twelve months (relative
to today, so the demo stays alive): parrainages proposed and awaiting a consent, active
« à jour », « à relancer » and « en retard » (with an overdue action), completed (one
close-out evaluation given, one awaited), declined, withdrawn and stopped; requests from
« Qui peut m'aider ? » and « Qui puis-je aider ? » in every state; meetings with their
notes, actions and the needs they met; help requests (open, answered, relayed, closed);
territorial groups and their meetings; the daily reminders and one « Relancer
maintenant ». The stories of the groups and the help requests are in ``network_life.py``.

Each story is a generator that yields its next step as days before today (clock.py dates
what each step writes); they read in the order things happened.
"""

from . import life_active, life_ended, life_proposals, network_life, year_2024
from .cast import Cast, joining
from .clock import play


def live_a_year(cast: Cast) -> None:
    """Play the stories of the fictional organisations, in the order things happened."""
    stories = [
        *joining(cast),
        *year_2024.stories(cast),  # the 2024 chapter (its bilan is written by load_demo)
        life_ended.completed(cast),
        life_ended.stopped(cast),
        life_active.nudge(cast),
        life_active.late(cast),
        life_active.current(cast),
        life_proposals.proposals(cast),
        *network_life.stories(cast),
    ]
    play(stories, cast.today)
