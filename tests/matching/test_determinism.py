"""Same input, same output: across processes too (string hashing is randomised per process)."""

import dataclasses
import json
import os
import subprocess
import sys

SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from tests.matching.test_determinism import network
from entraide.matching import make_groups, suggest
print(json.dumps([suggest(network(), reference_year=2025).to_dict(),
                  make_groups(network()).to_dict()], sort_keys=True))
"""


def network():
    """A fixed network with varied themes, texts, sectors, communes and EPCIs."""
    from tests.matching.test_scoring import random_network

    mentees, mentors = random_network(11, 30, 40)
    communes = ["Lens", "Liévin", "Arras", "Béthune", "Calais"]
    return [
        dataclasses.replace(o, commune_name=communes[o.id % 5], epci=f"EPCI {o.id % 3}")
        for o in mentees + mentors
    ]


def test_output_does_not_depend_on_the_process():
    from entraide.matching import make_groups, suggest

    here = json.dumps(
        [suggest(network(), reference_year=2025).to_dict(), make_groups(network()).to_dict()],
        sort_keys=True,
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    # This process hashes strings with a random seed; the child with a fixed one.
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(root=root)],
        env={**os.environ, "PYTHONHASHSEED": "123"},
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == here
