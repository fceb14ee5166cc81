"""Entraide: the mutual-aid application of the Pas-de-Calais SCIC network.

This module deliberately imports nothing from Flask so that ``entraide.matching``
and ``entraide.geo`` can be imported (and benchmarked) on their own.
"""

__version__ = "0.1.0"


def create_app(config=None):
    """Lazy entry point for ``flask --app entraide``: Flask is imported only here."""
    from .app import create_app as _create_app

    return _create_app(config)
