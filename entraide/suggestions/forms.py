"""The settings form of the matching engine."""

from wtforms import IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from ..matching import MatchingParams
from ..web.forms import FrenchDecimalField, FrenchForm

_NUMBER = "Indiquez un nombre."


def _weight(label: str, help_text: str):
    return FrenchDecimalField(
        label,
        places=2,
        description=help_text,
        validators=[
            InputRequired(_NUMBER),
            NumberRange(0, 10, "Un poids est compris entre 0 et 10."),
        ],
    )


class MatchingSettingsForm(FrenchForm):
    w_complementarity = _weight(
        "Complémentarité des besoins et des offres",
        "Part des besoins ouverts couverts par les offres du parrain, pondérée par l'urgence.",
    )
    w_text = _weight(
        "Similarité des textes", "Proximité des descriptions des besoins et des offres."
    )
    w_proximity = _weight(
        "Proximité géographique", "Les rencontres ont lieu dans les locaux des membres."
    )
    w_experience = _weight("Expérience", "Ancienneté du parrain comme SCIC.")
    w_affinity = _weight("Affinité de secteur", "Petit bonus pour un même secteur d'activité.")
    half_distance_km = FrenchDecimalField(
        "Demi-distance (km)",
        places=1,
        description="Distance à laquelle le score de proximité vaut la moitié.",
        validators=[InputRequired(_NUMBER), NumberRange(1, 300, "Entre 1 et 300 km.")],
    )
    top_k = IntegerField(
        "Candidats proposés par filleule",
        validators=[InputRequired(_NUMBER), NumberRange(1, 50, "Entre 1 et 50.")],
    )
    min_score = FrenchDecimalField(
        "Score minimal d'un binôme proposé",
        places=2,
        description="Entre 0 et 1 : en dessous, le binôme reste un simple candidat.",
        validators=[InputRequired(_NUMBER), NumberRange(0, 1, "Entre 0 et 1.")],
    )
    group_min_size = IntegerField(
        "Taille minimale des groupes",
        validators=[InputRequired(_NUMBER), NumberRange(1, 50, "Entre 1 et 50.")],
    )
    group_max_size = IntegerField(
        "Taille maximale des groupes",
        validators=[InputRequired(_NUMBER), NumberRange(1, 100, "Entre 1 et 100.")],
    )
    preview = SubmitField("Prévisualiser")
    submit = SubmitField("Enregistrer")

    FIELDS = (
        "w_complementarity",
        "w_text",
        "w_proximity",
        "w_experience",
        "w_affinity",
        "half_distance_km",
        "top_k",
        "min_score",
        "group_min_size",
        "group_max_size",
    )

    def values(self) -> dict:
        data = {name: getattr(self, name).data for name in self.FIELDS}
        for name in (
            "w_complementarity",
            "w_text",
            "w_proximity",
            "w_experience",
            "w_affinity",
            "half_distance_km",
            "min_score",
        ):
            data[name] = float(data[name])
        return data

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        problems = MatchingParams(**self.values()).validate()
        self.form_errors.extend(problems)
        return not problems
