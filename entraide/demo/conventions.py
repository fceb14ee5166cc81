"""The demo's two agreements with the Département and their budgets (shipped data)."""

from ..conventions.shared import ImportResult, import_shared


def load_conventions() -> ImportResult:
    """The 2022-2023 agreement (35 280 €, its realised statement) and the 2024 one
    (17 500 €, its forecast budget), from ``data/conventions.csv`` and ``budgets.csv``.
    Idempotent: what is already recorded is left as it is."""
    return import_shared()
