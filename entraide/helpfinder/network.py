"""The network as the matching engine sees it, kept between requests in each process.

Loading 2 000 organisations with their needs and offers costs more than the pages may
spend, and the answer only changes when the network does. So each process keeps one
:class:`Snapshot` (the profiles, who may sponsor, the excluded pairs, the settings) and
the engine's answers computed from it (per need, per sponsor), keyed by the network's
version (``models.network_version``): a token the database changes with every commit of
a need, an offer, an organisation, a pairing, a pair rejection or the settings. Every
request reads the token (one primary-key read); another token means another network, and
the snapshot with every answer computed from it is dropped and rebuilt. All processes
(gunicorn workers) read the same token, so none serves an older network than its peers.
"""

import logging
from dataclasses import dataclass, field

from sqlalchemy import select

from ..core.extensions import db
from ..matching import Candidate, MatchingParams, NeedItem, OrgProfile, is_mentor
from ..matching.needs import NeedMatch, candidates_for_need, needs_for_mentor
from ..models import Organisation
from ..models.network_version import NetworkCache
from ..suggestions import adapter
from ..suggestions.services import current_settings

log = logging.getLogger(__name__)


@dataclass
class Snapshot:
    """One version of the network, and the engine's answers on it (filled as asked)."""

    key: tuple
    params: MatchingParams
    reference_year: int
    orgs: dict[int, OrgProfile]
    mentees: tuple[OrgProfile, ...]
    sponsors: tuple[OrgProfile, ...]
    opted_in: frozenset[int]
    # (mentee, mentor) pairs the coordination rejected, or that exist already.
    excluded: frozenset[tuple[int, int]]
    _by_need: dict[int, tuple[Candidate, ...]] = field(default_factory=dict, repr=False)
    _by_mentor: dict[int, tuple[NeedMatch, ...]] = field(default_factory=dict, repr=False)
    _needs: dict[int, NeedItem] = field(default_factory=dict, repr=False)

    _sponsor_ids: frozenset[int] = field(default=frozenset(), repr=False)

    def __post_init__(self):
        self._needs = {need.id: need for org in self.mentees for need in org.needs}
        self._sponsor_ids = frozenset(s.id for s in self.sponsors)

    def is_sponsor(self, org_id: int) -> bool:
        """Whether young SCICs see it: opted in, experienced, a place left, an offer."""
        return org_id in self._sponsor_ids

    def need(self, need_id: int) -> NeedItem | None:
        """An open need of a young SCIC without a sponsor (None for any other)."""
        return self._needs.get(need_id)

    def candidates(self, org_id: int, need_id: int) -> tuple[Candidate, ...]:
        """The best sponsors for one open need of the young SCIC ``org_id``."""
        mentee, need = self.orgs.get(org_id), self._needs.get(need_id)
        if mentee is None or need is None or need not in mentee.needs:
            return ()  # not its open need: nothing to compute, nothing to keep
        found = self._by_need.get(need_id)
        if found is None:
            excluded = {mentor for mentee_id, mentor in self.excluded if mentee_id == org_id}
            found = candidates_for_need(
                mentee,
                need,
                self.sponsors,
                self.params,
                excluded=excluded,
                reference_year=self.reference_year,
            )
            self._by_need[need_id] = found
        return found

    def needs_for(self, mentor_id: int) -> tuple[NeedMatch, ...]:
        """The open needs of young SCICs without a sponsor that ``mentor_id`` offers."""
        found = self._by_mentor.get(mentor_id)
        if found is None:
            mentor = self.orgs.get(mentor_id)
            found = ()
            if mentor is not None and not mentor.is_young and mentor.offers:
                excluded = {mentee for mentee, mentor in self.excluded if mentor == mentor_id}
                found = needs_for_mentor(
                    mentor,
                    self.mentees,
                    self.params,
                    excluded=excluded,
                    reference_year=self.reference_year,
                )
            self._by_mentor[mentor_id] = found
        return found


_cache: NetworkCache[Snapshot] = NetworkCache()


def snapshot() -> Snapshot:
    """The network now: the cached snapshot if the network has not changed, else a new one."""
    return _cache.get(build)


def forget() -> None:
    """Drop the cached snapshot (tests; the token makes it needless in production)."""
    _cache.forget()


def build(key: tuple) -> Snapshot:
    """Read the network from the database."""
    profiles = adapter.load_profiles_fast()
    opted_in = frozenset(
        db.session.execute(
            select(Organisation.id).where(
                Organisation.proposable_sponsor, Organisation.archived_at.is_(None)
            )
        ).scalars()
    )
    log.debug("helpfinder snapshot %s: %s organisations", key[0], len(profiles))
    return Snapshot(
        key=key,
        params=current_settings().to_params(),
        reference_year=key[1].year,
        orgs={p.id: p for p in profiles},
        # A young SCIC with a live pairing has no needs in its profile (see the adapter).
        mentees=tuple(p for p in profiles if p.is_young and p.needs),
        sponsors=tuple(p for p in profiles if p.id in opted_in and is_mentor(p) and p.offers),
        opted_in=opted_in,
        excluded=adapter.excluded_pairs() | adapter.existing_pairs(),
    )
