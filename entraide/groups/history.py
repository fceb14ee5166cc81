"""The network's 2022-2023 meetings are actions of the register now: the loader lives in
``entraide.actions.history`` (this name stays for the demo, which imports it from here)."""

from ..actions.history import load_history

__all__ = ["load_history"]
