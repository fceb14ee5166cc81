"""The coordinator's settings of the matching engine (one row).

Columns, defaults and the bounds of the CHECK constraints come from the declaration of
:mod:`entraide.matching.settings`; a bound changed there needs a migration here.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db
from ..matching import MatchingParams
from ..matching.settings import SETTINGS, Setting
from ._base import utcnow

# Which CHECK constraint holds the bounds of which settings. The names are those of
# migration 0002 (``ck_matching_settings_<name>`` by the naming convention) and must
# stay: "positive" is historical, the constraints check both bounds since 0007.
_BOUNDS_CONSTRAINTS = {
    "weights_positive": lambda s: s.is_weight,
    "half_distance_positive": lambda s: s.name == "half_distance_km",
    "top_k_range": lambda s: s.name == "top_k",
    "min_score_range": lambda s: s.name == "min_score",
    "group_sizes": lambda s: s.name in ("group_min_size", "group_max_size"),
}
# Rules between settings, added to a constraint after the bounds.
_EXTRA_CLAUSES = {"group_sizes": "group_max_size >= group_min_size"}


def _sql_number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def bounds_constraints(settings: Sequence[Setting] = SETTINGS) -> list[CheckConstraint]:
    """The CHECK constraints that keep every setting within its declared bounds."""
    constraints, covered = [], []
    for name, holds in _BOUNDS_CONSTRAINTS.items():
        clauses = [
            f"{s.name} BETWEEN {_sql_number(s.minimum)} AND {_sql_number(s.maximum)}"
            for s in settings
            if holds(s)
        ]
        covered += [s.name for s in settings if holds(s)]
        if name in _EXTRA_CLAUSES:
            clauses.append(_EXTRA_CLAUSES[name])
        constraints.append(CheckConstraint(" AND ".join(clauses), name=name))
    if sorted(covered) != sorted(s.name for s in settings):
        raise ValueError(f"Each setting needs one bounds constraint: {covered}.")
    return constraints


def _column(name: str):
    """The column of a declared setting: its type and default come from the declaration."""
    (setting,) = (s for s in SETTINGS if s.name == name)
    return mapped_column(Integer if setting.is_integer else Float, default=setting.default)


class MatchingSettings(db.Model):
    __tablename__ = "matching_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"), *bounds_constraints())

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    w_complementarity: Mapped[float] = _column("w_complementarity")
    w_text: Mapped[float] = _column("w_text")
    w_proximity: Mapped[float] = _column("w_proximity")
    w_experience: Mapped[float] = _column("w_experience")
    w_affinity: Mapped[float] = _column("w_affinity")
    half_distance_km: Mapped[float] = _column("half_distance_km")
    top_k: Mapped[int] = _column("top_k")
    min_score: Mapped[float] = _column("min_score")
    group_min_size: Mapped[int] = _column("group_min_size")
    group_max_size: Mapped[int] = _column("group_max_size")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    def as_dict(self) -> dict:
        return {setting.name: getattr(self, setting.name) for setting in SETTINGS}

    def to_params(self, **overrides) -> MatchingParams:
        values = self.as_dict()
        values.update(overrides)
        return MatchingParams(**values)
