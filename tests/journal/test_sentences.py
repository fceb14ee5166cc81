"""Every action a service records has a label and a sentence in the journal."""

import ast
from pathlib import Path

from entraide.journal.labels import ACTIONS, RETIRED_ACTIONS
from entraide.journal.sentences import SENTENCES
from entraide.models.need import NEED_STATUSES
from entraide.models.pairing import PAIRING_STATUSES

SOURCE = Path(__file__).resolve().parents[2] / "entraide"
# Actions built with an f-string: what the placeholder can be.
EXPANSIONS = {
    "need.": {status for status in NEED_STATUSES if status != "open"},
    "pairing.": set(PAIRING_STATUSES),
}


def _action_values(node: ast.expr, where: str) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _action_values(node.body, where) | _action_values(node.orelse, where)
    if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
        prefix = node.values[0].value
        assert prefix in EXPANSIONS, f"{where}: say in EXPANSIONS what f'{prefix}…' can be"
        return {prefix + value for value in EXPANSIONS[prefix]}
    raise AssertionError(f"{where}: the action of record() must be readable from the source")


def recorded_actions() -> set[str]:
    """The action names of every ``record(actor, obj, action, …)`` call in the application."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "record":
                continue
            where = f"{path.relative_to(SOURCE.parent)}:{node.lineno}"
            action = node.args[2] if len(node.args) > 2 else None
            action = action or next((k.value for k in node.keywords if k.arg == "action"), None)
            assert action is not None, f"{where}: record() without an action"
            found |= _action_values(action, where)
    return found


def test_the_scan_finds_the_calls():
    actions = recorded_actions()
    assert {"pairing.consent", "followup.create", "group.create", "need.met"} <= actions
    assert {"pairing.active", "pairing.declined", "user.deactivate"} <= actions


def test_every_recorded_action_has_a_label_and_a_sentence():
    actions = recorded_actions()
    assert sorted(actions - set(ACTIONS)) == [], "actions without a French label (labels.py)"
    assert sorted(actions - set(SENTENCES)) == [], "actions without a sentence (sentences.py)"


def test_no_label_or_sentence_for_an_action_nobody_records():
    actions = recorded_actions()
    assert sorted(set(ACTIONS) - actions) == []
    # A retired action keeps its sentence for the entries written before it retired.
    assert sorted(set(SENTENCES) - actions - set(RETIRED_ACTIONS)) == []


def test_retired_actions_are_no_longer_recorded_but_still_read():
    """The per-year aid setting became the conventions (0019): nothing writes report.aid
    any more, but its old entries still have a label and a sentence."""
    actions = recorded_actions()
    assert set(RETIRED_ACTIONS) & actions == set()
    assert set(RETIRED_ACTIONS) <= set(SENTENCES)
    assert set(RETIRED_ACTIONS) & set(ACTIONS) == set()
