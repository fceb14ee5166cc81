"""Running the matching engine on the network, and the coordinator's settings."""

from datetime import date

from ..core.extensions import db
from ..matching import GroupResult, MatchingParams, SuggestionResult, make_groups, suggest
from ..matching.settings import DEFAULTS, NAMES
from ..models import MatchingSettings
from ..models.audit import record
from ..models.network_version import NetworkCache
from . import adapter


def current_settings() -> MatchingSettings:
    """The stored settings, or the documented defaults (not saved) if none yet."""
    settings = db.session.get(MatchingSettings, 1)
    if settings is None:
        settings = MatchingSettings(id=1, **DEFAULTS)
    return settings


def update_settings(actor, **values) -> MatchingSettings:
    """Save new settings (already validated by ``MatchingParams.validate``)."""
    settings = current_settings()
    before = settings.as_dict()
    for name, value in values.items():
        if name not in NAMES:
            raise TypeError(name)
        setattr(settings, name, value)
    settings.updated_by_id = getattr(actor, "id", None)
    db.session.add(settings)
    record(actor, settings, "matching.settings", before=before, after=settings.as_dict())
    return settings


# The suggestions with the stored settings only change with the network (needs, offers,
# organisations, pairings, rejections, settings): the review queue and the suggestions
# page read them from here between such changes.
_stored_settings_suggestions: NetworkCache[SuggestionResult] = NetworkCache()


def network_suggestions(params: MatchingParams | None = None) -> SuggestionResult:
    """Sponsorship suggestions for the whole network with ``params`` (stored by default)."""
    if params is None:
        return _stored_settings_suggestions.get(lambda key: _suggest(None, key[1]))
    return _suggest(params, date.today())


def forget_suggestions() -> None:
    """Drop the kept suggestions (tests; the network's version makes it needless otherwise)."""
    _stored_settings_suggestions.forget()


def _suggest(params: MatchingParams | None, today: date) -> SuggestionResult:
    return suggest(
        adapter.load_profiles_fast(),
        params or current_settings().to_params(),
        excluded_pairs=adapter.excluded_pairs(),
        existing_pairs=adapter.existing_pairs(),
        reference_year=today.year,
    )


def network_groups(
    params: MatchingParams | None = None, *, same_territory: bool = True
) -> GroupResult:
    """Territorial groups of the network with ``params`` (stored by default).

    ``same_territory``: no group mixes two territories of the coordination's table
    (members whose commune has no territory are grouped among themselves).
    """
    return make_groups(
        adapter.load_profiles(),
        params or current_settings().to_params(),
        same_territory=same_territory,
    )
