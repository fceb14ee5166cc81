"""SQL statements built once per process for the same arguments.

On a network of a few dozen SCICs, building a page's statements (the dashboard has some
twenty, each with its period's conditions) and computing their SQLAlchemy cache keys cost
more than running them. A statement depends on its arguments only (a period, a tuple of
ids…), never on the data: :func:`built_once` keeps the last ones built, and SQLAlchemy
memoizes the cache key of a statement object, so the same period asked again (every
dashboard of the current year) skips both.
"""

from functools import lru_cache


def built_once(builder):
    """Decorate a function of hashable arguments that returns statements (no data read)."""
    return lru_cache(maxsize=32)(builder)
