"""The demo's 2024 chapter: the year of the agreement n° 2024-03658, so that its bilan final
d'exécution has real mutual aid to report.

Everything here is DEMONSTRATION DATA between the fictional organisations (``fictional.py``:
the experienced SCICs, members since the autumn of 2023, and three young SCICs that joined
around the turn of 2024) and the network's coordination; the census SCICs take no part.

- ``parrainages.py``: four proposals of 2024: one completed with both close-out evaluations,
  one running at the year's end (completed in March 2025), one declined, one completed in
  December; their meetings with volunteer hours;
- ``network.py``: the two territorial groups of 2024 and their five meetings (archived in
  January 2025, when the groups were recomposed by territory), three help requests;
- ``bilan.py``: in the spring of 2025, the coordination writes the bilan: testimonies
  approved by every organisation concerned (one refused, so never shown), the four axes'
  narratives, the simulated réalisé of the financial statement, marked final, and the
  report marked sent.

The first two are stories of the demo's timeline (``life.py`` plays them with the recent
year, each step dated on its day of 2024 by ``clock.py``); the third runs once the
agreement is loaded (``load_demo``), dated in 2025 the same way.
"""

from ..cast import Cast
from . import network, parrainages
from .bilan import write_the_2024_bilan


def stories(cast: Cast) -> list:
    """The 2024 chapter's stories, for ``clock.play`` (they come before the recent year)."""
    return [*parrainages.stories(cast), *network.stories(cast)]


__all__ = ["stories", "write_the_2024_bilan"]
