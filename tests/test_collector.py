"""The garbage collector's settings for a server (entraide/core/collector.py)."""

import gc

import pytest

from entraide.core import collector


def test_the_startup_heap_is_frozen_out_of_the_collectors_sight():
    gc.unfreeze()
    try:
        collector.freeze_startup_heap()
        # What the server holds at start-up (the app, its modules) is skipped by collections.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_a_pdf_collects_rarely_and_the_usual_thresholds_come_back_even_after_an_error():
    usual = gc.get_threshold()
    with pytest.raises(RuntimeError), collector.fewer_collections():
        assert gc.get_threshold() == (collector.FEW_COLLECTIONS, *usual[1:])
        raise RuntimeError("the PDF failed")
    assert gc.get_threshold() == usual
