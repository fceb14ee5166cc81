"""Pure matching engine of Entraide: sponsorship suggestions and territorial groups.

Dataclasses in, dataclasses out: this package knows nothing of Flask or of the
database (importing it loads neither). The web adapter converts rows into
:class:`OrgProfile` objects, calls one of the two entry points and stores or
shows the result, whose ``to_dict()`` is the public JSON contract.

- :func:`suggest` ranks, for every young SCIC with open needs, the experienced
  SCICs able to sponsor it (score components and French reasons kept), then
  proposes a pairing of the whole network under the sponsors' capacities;
- :func:`make_groups` splits the members of the département into compact
  territorial groups of bounded size, each with a suggested next host.

The algorithm proposes, people decide: nothing here changes any state.

Examples
--------
>>> from entraide.matching import NeedItem, OfferItem, OrgProfile, suggest
>>> young = OrgProfile(1, "Jeune SCIC", lat=50.43, lon=2.83, year_created=2023, is_young=True,
...                    needs=(NeedItem(1, "gouvernance"),))
>>> elder = OrgProfile(2, "SCIC aînée", lat=50.45, lon=2.80, year_created=2008,
...                    mentor_capacity=2, offers=(OfferItem(1, "gouvernance"),))
>>> result = suggest([young, elder], reference_year=2025)
>>> [(p.mentee_id, p.mentor_id) for p in result.proposed_pairs]
[(1, 2)]
"""

from .explain import candidate_reasons, no_candidate_reason
from .groups import TerritorialGrouper
from .results import (
    Candidate,
    GroupResult,
    MenteeSuggestions,
    OrgRef,
    ProposedPair,
    SuggestionResult,
    TerritorialGroup,
    UnplacedOrg,
)
from .scoring import COMPONENTS, PairScorer, TopK
from .suggest import is_mentee, is_mentor, suggest
from .territories import make_groups
from .text import french_terms
from .types import MatchingParams, NeedItem, OfferItem, OrgProfile

__all__ = [
    "COMPONENTS",
    "Candidate",
    "GroupResult",
    "MatchingParams",
    "MenteeSuggestions",
    "NeedItem",
    "OfferItem",
    "OrgProfile",
    "OrgRef",
    "PairScorer",
    "ProposedPair",
    "SuggestionResult",
    "TerritorialGroup",
    "TerritorialGrouper",
    "TopK",
    "UnplacedOrg",
    "candidate_reasons",
    "french_terms",
    "is_mentee",
    "is_mentor",
    "make_groups",
    "no_candidate_reason",
    "suggest",
]
