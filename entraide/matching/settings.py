"""The coordinator's settings of the matching engine, declared once (no Flask, no ORM).

Each :class:`Setting` gives a name (the field of :class:`~entraide.matching.MatchingParams`,
the column of the ``matching_settings`` table and the field of the settings form), its
French label and help text, its bounds and its default. The rest derives from
:data:`SETTINGS`: the defaults and the checks of ``MatchingParams``, the columns and
CHECK constraints of the model, the fields and messages of the form. Changing a bound
here changes all of them; the database constraint then needs a migration.

Why these defaults:

- ``w_complementarity = 0.40``: the heart of sponsorship is that the sponsor knows
  the subjects the young SCIC struggles with (its open needs);
- ``w_proximity = 0.25``: a pairing lives on about one meeting a month for one to
  two years, in each other's premises, and the network found that events run by two
  SCICs of the same territory worked best;
- ``w_text = 0.15``: free texts refine a theme match but are short and uneven, so
  they only nudge the ranking;
- ``w_experience = 0.15``: young-versus-experienced is already a hard rule, so
  seniority only orders the experienced SCICs among themselves;
- ``w_affinity = 0.05``: a shared sector helps (same regulations, same partners) but
  cross-sector mutual aid is the point of the network.

The weights sum to 1, so the total reads directly as a share. ``half_distance_km``
is the distance at which proximity falls to 0.5: 25 km lies between Lens–Arras
(16 km) and Calais–Boulogne (30 km), about a half-hour drive, still easy once a month.
``min_score = 0.25`` keeps out of the proposed pairing the pairs that cover little of
the needs and are far away; they stay visible as candidates. Groups hold 4 to 8
organisations: enough to meet even when some are busy, few enough to host in a
member's premises.
"""

from __future__ import annotations

import decimal
import math
import numbers
from dataclasses import dataclass
from typing import Literal

Kind = Literal["weight", "decimal", "integer"]


@dataclass(frozen=True)
class Setting:
    """One tunable setting of the matching, with everything the app shows or checks.

    ``kind`` is ``"weight"`` (a decimal weight of the score), ``"decimal"`` or
    ``"integer"``; ``minimum`` and ``maximum`` are inclusive. ``subject_fr`` starts
    the validation message (« Le score minimal doit être… »), ``help_fr`` may name the
    bounds as ``{minimum}`` and ``{maximum}``, ``unit_fr`` follows the bounds in
    messages (« km »), ``places`` is the number of decimals the form shows.
    """

    name: str
    label_fr: str
    minimum: int | float
    maximum: int | float
    default: int | float
    kind: Kind
    subject_fr: str
    help_fr: str = ""
    unit_fr: str = ""
    places: int = 0

    @property
    def is_integer(self) -> bool:
        return self.kind == "integer"

    @property
    def is_weight(self) -> bool:
        return self.kind == "weight"

    def _bounds_fr(self) -> str:
        unit = f" {self.unit_fr}" if self.unit_fr else ""
        return f"entre {fr_number(self.minimum)} et {fr_number(self.maximum)}{unit}"

    @property
    def help_text_fr(self) -> str:
        """The help text, ``{minimum}`` and ``{maximum}`` replaced by the bounds."""
        return self.help_fr.format(minimum=fr_number(self.minimum), maximum=fr_number(self.maximum))

    @property
    def form_message_fr(self) -> str:
        """The form's message for a value out of bounds (« Entre 1 et 50. »)."""
        if self.is_weight:
            return f"Un poids est compris {self._bounds_fr()}."
        bounds = self._bounds_fr()
        return f"{bounds[0].upper()}{bounds[1:]}."

    @property
    def error_fr(self) -> str:
        """The message of ``MatchingParams.validate`` for a wrong value."""
        noun = "un entier" if self.is_integer else "un nombre"
        return f"{self.subject_fr} doit être {noun} compris {self._bounds_fr()}."

    def accepts(self, value: object) -> bool:
        """Whether ``value`` has the right type and lies within the bounds."""
        if self.is_integer:
            if isinstance(value, bool) or not isinstance(value, int):
                return False
        elif is_finite_number(value):
            # A Decimal compares exactly with a float bound: Decimal("0.01") < 0.01.
            value = float(value)
        else:
            return False
        return self.minimum <= value <= self.maximum


def is_finite_number(value: object) -> bool:
    """A finite real number, booleans excepted (numpy scalars and ``Decimal`` admitted)."""
    # numbers.Real admits numpy scalars; Decimal is what a form's DecimalField gives.
    if isinstance(value, bool) or not isinstance(value, numbers.Real | decimal.Decimal):
        return False
    return math.isfinite(value)


def fr_number(value: int | float) -> str:
    """A bound as written in French: ``10``, ``0,5``."""
    if float(value).is_integer():
        return str(int(value))
    return str(value).replace(".", ",")


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "w_complementarity",
        "Complémentarité des besoins et des offres",
        minimum=0,
        maximum=10,
        default=0.40,
        kind="weight",
        subject_fr="Le poids « complémentarité »",
        help_fr="Part des besoins ouverts couverts par les offres de la SCIC marraine, "
        "pondérée par l'urgence.",
        places=2,
    ),
    Setting(
        "w_text",
        "Similarité des textes",
        minimum=0,
        maximum=10,
        default=0.15,
        kind="weight",
        subject_fr="Le poids « similarité des textes »",
        help_fr="Proximité des descriptions des besoins et des offres.",
        places=2,
    ),
    Setting(
        "w_proximity",
        "Proximité géographique",
        minimum=0,
        maximum=10,
        default=0.25,
        kind="weight",
        subject_fr="Le poids « proximité »",
        help_fr="Les rencontres ont lieu dans les locaux des membres.",
        places=2,
    ),
    Setting(
        "w_experience",
        "Expérience",
        minimum=0,
        maximum=10,
        default=0.15,
        kind="weight",
        subject_fr="Le poids « expérience »",
        help_fr="Ancienneté de la SCIC marraine.",
        places=2,
    ),
    Setting(
        "w_affinity",
        "Affinité de secteur",
        minimum=0,
        maximum=10,
        default=0.05,
        kind="weight",
        subject_fr="Le poids « affinité de secteur »",
        help_fr="Petit bonus pour un même secteur d'activité.",
        places=2,
    ),
    Setting(
        "half_distance_km",
        "Demi-distance (km)",
        minimum=1,
        maximum=300,
        default=25.0,
        kind="decimal",
        subject_fr="La demi-distance",
        help_fr="Distance à laquelle le score de proximité vaut la moitié.",
        unit_fr="km",
        places=1,
    ),
    Setting(
        "top_k",
        "SCIC marraines proposées par SCIC filleule",
        minimum=1,
        maximum=50,
        default=5,
        kind="integer",
        subject_fr="Le nombre de SCIC marraines proposées par SCIC filleule",
    ),
    Setting(
        "min_score",
        "Score minimal d'un binôme proposé",
        minimum=0,
        maximum=1,
        default=0.25,
        kind="decimal",
        subject_fr="Le score minimal",
        help_fr="Entre {minimum} et {maximum} : en dessous, le binôme n'est qu'une possibilité.",
        places=2,
    ),
    Setting(
        "group_min_size",
        "Taille minimale des groupes",
        minimum=1,
        maximum=50,
        default=4,
        kind="integer",
        subject_fr="La taille minimale des groupes",
    ),
    Setting(
        "group_max_size",
        "Taille maximale des groupes",
        minimum=1,
        maximum=100,
        default=8,
        kind="integer",
        subject_fr="La taille maximale des groupes",
    ),
)
"""The ten settings, in the order of the form."""

NAMES: tuple[str, ...] = tuple(setting.name for setting in SETTINGS)
WEIGHT_NAMES: tuple[str, ...] = tuple(s.name for s in SETTINGS if s.is_weight)
DEFAULTS: dict[str, int | float] = {setting.name: setting.default for setting in SETTINGS}

__all__ = [
    "DEFAULTS",
    "NAMES",
    "SETTINGS",
    "WEIGHT_NAMES",
    "Setting",
    "fr_number",
    "is_finite_number",
]
