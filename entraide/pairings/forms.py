"""Forms of the parrainage workflow."""

from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..web.forms import FrenchForm, row_id, select_choices, strip_filter


class ProposeForm(FrenchForm):
    """Validate a pair (from the suggestions or chosen by hand): it goes to both SCICs."""

    mentee_id = SelectField(
        "SCIC filleule (jeune SCIC)",
        coerce=row_id,
        validators=[DataRequired("Choisissez la SCIC filleule.")],
    )
    mentor_id = SelectField(
        "SCIC marraine", coerce=row_id, validators=[DataRequired("Choisissez la SCIC marraine.")]
    )
    need_ids = SelectMultipleField(
        "Besoins visés",
        coerce=row_id,
        validators=[Optional()],
        description="Les besoins ouverts de la filleule que le parrainage doit traiter.",
    )
    objectives = TextAreaField(
        "Objectifs",
        filters=[strip_filter],
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
    )
    planned_months = IntegerField(
        "Durée prévue (mois)",
        default=12,
        validators=[
            InputRequired("Indiquez une durée."),
            NumberRange(1, 36, "Entre 1 et 36 mois."),
        ],
    )
    rhythm_days = IntegerField(
        "Rythme des rencontres (jours)",
        default=30,
        validators=[
            InputRequired("Indiquez un rythme."),
            NumberRange(7, 180, "Entre 7 et 180 jours."),
        ],
    )
    score = HiddenField()
    submit = SubmitField("Valider et envoyer aux deux SCIC")

    def score_value(self) -> float | None:
        try:
            value = float(self.score.data)
        except (TypeError, ValueError):
            return None
        return value if 0 <= value <= 1 else None


class RejectForm(FrenchForm):
    mentee_id = HiddenField(validators=[DataRequired()])
    mentor_id = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(
        "Motif",
        filters=[strip_filter],
        validators=[
            DataRequired("Indiquez le motif du refus."),
            Length(max=1000, message="1 000 caractères au plus."),
        ],
    )
    submit = SubmitField("Écarter ce binôme")


class AnswerForm(FrenchForm):
    decision = RadioField(
        "Votre réponse",
        choices=select_choices(
            [("accept", "J'accepte le parrainage et sa charte"), ("decline", "Je décline")]
        ),
        validators=[InputRequired("Choisissez une réponse.")],
    )
    message = TextAreaField(
        "Message à la coordination (facultatif)",
        description="Lu par la coordination seulement, pas par l'autre SCIC.",
        filters=[strip_filter],
        validators=[Length(max=1000, message="1 000 caractères au plus.")],
    )
    submit = SubmitField("Envoyer ma réponse")


def _visible_reason_field():
    return TextAreaField(
        "Motif visible par les SCIC (facultatif)",
        filters=[strip_filter],
        validators=[Length(max=1000, message="1 000 caractères au plus.")],
        description="Ce que les deux SCIC liront sur la page du parrainage. Le motif "
        "interne reste réservé à la coordination.",
    )


class EndForm(FrenchForm):
    reason = TextAreaField(
        "Motif interne (coordination seulement)",
        filters=[strip_filter],
        validators=[
            DataRequired("Indiquez le motif."),
            Length(max=1000, message="1 000 caractères au plus."),
        ],
    )
    visible_reason = _visible_reason_field()
    submit = SubmitField("Arrêter le parrainage")


class VisibleReasonForm(FrenchForm):
    """The coordination's word to both SCICs on a refused, withdrawn or stopped pairing."""

    visible_reason = _visible_reason_field()
    submit = SubmitField("Enregistrer le motif visible")


class DeclineRequestForm(FrenchForm):
    reason = TextAreaField(
        "Motif (lu par la SCIC qui a fait la demande)",
        filters=[strip_filter],
        validators=[
            DataRequired("Indiquez le motif du refus."),
            Length(max=1000, message="1 000 caractères au plus."),
        ],
    )
    submit = SubmitField("Refuser la demande")
