"""The coordinator's settings of the matching engine (one row)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import db
from ..matching import MatchingParams
from ._base import utcnow

_DEFAULTS = MatchingParams()
WEIGHT_FIELDS = ("w_complementarity", "w_text", "w_proximity", "w_experience", "w_affinity")
SETTING_FIELDS = WEIGHT_FIELDS + (
    "half_distance_km",
    "top_k",
    "min_score",
    "group_min_size",
    "group_max_size",
)


class MatchingSettings(db.Model):
    __tablename__ = "matching_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint(
            "w_complementarity >= 0 AND w_text >= 0 AND w_proximity >= 0 "
            "AND w_experience >= 0 AND w_affinity >= 0",
            name="weights_positive",
        ),
        CheckConstraint("half_distance_km > 0", name="half_distance_positive"),
        CheckConstraint("top_k BETWEEN 1 AND 50", name="top_k_range"),
        CheckConstraint("min_score >= 0 AND min_score <= 1", name="min_score_range"),
        CheckConstraint(
            "group_min_size >= 1 AND group_max_size >= group_min_size", name="group_sizes"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    w_complementarity: Mapped[float] = mapped_column(Float, default=_DEFAULTS.w_complementarity)
    w_text: Mapped[float] = mapped_column(Float, default=_DEFAULTS.w_text)
    w_proximity: Mapped[float] = mapped_column(Float, default=_DEFAULTS.w_proximity)
    w_experience: Mapped[float] = mapped_column(Float, default=_DEFAULTS.w_experience)
    w_affinity: Mapped[float] = mapped_column(Float, default=_DEFAULTS.w_affinity)
    half_distance_km: Mapped[float] = mapped_column(Float, default=_DEFAULTS.half_distance_km)
    top_k: Mapped[int] = mapped_column(Integer, default=_DEFAULTS.top_k)
    min_score: Mapped[float] = mapped_column(Float, default=_DEFAULTS.min_score)
    group_min_size: Mapped[int] = mapped_column(Integer, default=_DEFAULTS.group_min_size)
    group_max_size: Mapped[int] = mapped_column(Integer, default=_DEFAULTS.group_max_size)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in SETTING_FIELDS}

    def to_params(self, **overrides) -> MatchingParams:
        values = self.as_dict()
        values.update(overrides)
        return MatchingParams(**values)
