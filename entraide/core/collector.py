"""Python's cyclic garbage collector, told what a server's heap looks like.

A worker holds some 250 000 objects that live as long as it does: the app, its templates,
SQLAlchemy's mappers, scikit-learn and WeasyPrint imported at start-up (``wsgi.py``). Each
full collection walks all of them again to find nothing; a pairing page that loads a few
hundred meetings or a PDF that builds a million layout boxes triggers such collections
over and over (measured: a third of a long pairing page's time, about 0.4 s of a large
report's 2 s of layout).
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Collections of the youngest generation every 100 000 allocations instead of 700: the
# PDF's boxes all live until the document is written, so earlier passes find no garbage.
FEW_COLLECTIONS = 100_000


def freeze_startup_heap() -> None:
    """Move every object alive now out of the collector's sight (``gc.freeze``), after
    one last collection. Called once the app is built and its heavy modules imported, in
    gunicorn's master before it forks: the workers' collections then skip the start-up
    heap, and its memory pages stay shared with the master instead of being copied when
    a collection touches them."""
    gc.collect()
    gc.freeze()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect rarely while a large, long-lived structure is being built (the PDF's
    layout); the usual thresholds come back afterwards, and the next collection frees
    what the work left behind. The thresholds are the process's: a sync worker serves one
    request at a time."""
    thresholds = gc.get_threshold()
    gc.set_threshold(FEW_COLLECTIONS, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
