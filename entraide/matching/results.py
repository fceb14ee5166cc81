"""Result dataclasses and their JSON contract (``to_dict``).

The dictionaries produced here are a public contract, relied upon by scripts
and by the web API: keys and nesting must not change. Floats are rounded (4
decimals for scores, 1 for distances) so that the output is stable and short.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many result objects.

    Building 100 000 small objects triggers repeated full collections that walk
    the whole heap (the input profiles included); on a large network those
    walks cost more than the building itself. Nothing built here is cyclic, so
    pausing is safe; the previous state is restored on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _round(value: float) -> float:
    return round(float(value), 4)


@dataclass(frozen=True)
class Candidate:
    """A possible sponsor for one mentee, with its score broken down."""

    id: int
    name: str
    score: float
    components: dict[str, float]
    distance_km: float | None
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready dictionary (see the module docstring)."""
        return {
            "id": self.id,
            "name": self.name,
            "score": _round(self.score),
            "components": {key: _round(value) for key, value in self.components.items()},
            "distance_km": None if self.distance_km is None else round(float(self.distance_km), 1),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class MenteeSuggestions:
    """The ranked candidates of one mentee (best first), or why there is none."""

    id: int
    name: str
    candidates: tuple[Candidate, ...] = ()
    reason: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready dictionary; ``reason`` only appears when there is no candidate."""
        data = {
            "id": self.id,
            "name": self.name,
            "candidates": [c.to_dict() for c in self.candidates],
        }
        if self.reason is not None:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class ProposedPair:
    """One pair of the proposed network-wide pairing."""

    mentee_id: int
    mentee: str
    mentor_id: int
    mentor: str
    score: float

    def to_dict(self) -> dict:
        """JSON-ready dictionary."""
        return {
            "mentee_id": self.mentee_id,
            "mentee": self.mentee,
            "mentor_id": self.mentor_id,
            "mentor": self.mentor,
            "score": _round(self.score),
        }


@dataclass(frozen=True)
class SuggestionResult:
    """Suggestions for every mentee and the proposed pairing.

    ``reason`` (French) explains an empty list of mentees or of proposed pairs.
    """

    mentees: tuple[MenteeSuggestions, ...] = ()
    proposed_pairs: tuple[ProposedPair, ...] = ()
    reason: str | None = None

    def to_dict(self) -> dict:
        """``{"mentees": [...], "proposed_pairs": [...]}`` plus ``"reason"`` when set."""
        data: dict = {
            "mentees": [m.to_dict() for m in self.mentees],
            "proposed_pairs": [p.to_dict() for p in self.proposed_pairs],
        }
        if self.reason is not None:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class OrgRef:
    """An organisation named in a group (member or host)."""

    id: int
    name: str

    def to_dict(self) -> dict:
        """``{"id": .., "name": ..}``."""
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class TerritorialGroup:
    """A territorial group with its next host, named after its territory or its communes.

    ``territory`` is set when the group was formed inside one territory.
    """

    name: str
    members: tuple[OrgRef, ...]
    host: OrgRef
    territory: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready dictionary; ``territory`` only appears when set."""
        data = {
            "name": self.name,
            "members": [m.to_dict() for m in self.members],
            "host": self.host.to_dict(),
        }
        if self.territory is not None:
            data["territory"] = self.territory
        return data


@dataclass(frozen=True)
class UnplacedOrg:
    """An organisation left out of the groups, with the French reason why."""

    id: int
    name: str
    reason: str

    def to_dict(self) -> dict:
        """JSON-ready dictionary."""
        return {"id": self.id, "name": self.name, "reason": self.reason}


@dataclass(frozen=True)
class GroupResult:
    """Territorial groups and the organisations that could not be placed."""

    groups: tuple[TerritorialGroup, ...] = ()
    unplaced: tuple[UnplacedOrg, ...] = field(default=())

    def to_dict(self) -> dict:
        """``{"groups": [...], "unplaced": [...]}``."""
        return {
            "groups": [g.to_dict() for g in self.groups],
            "unplaced": [u.to_dict() for u in self.unplaced],
        }
