"""Forms to declare needs and offers."""

from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from ..themes import THEMES, URGENCIES
from ..web.forms import FrenchForm, select_choices, strip_filter

THEME_CHOICES = select_choices([("", "Choisissez un thème")] + list(THEMES.items()))


class NeedForm(FrenchForm):
    theme = SelectField(
        "Thème",
        choices=THEME_CHOICES,
        validators=[DataRequired("Choisissez un thème."), AnyOf(list(THEMES), "Thème inconnu.")],
    )
    text = TextAreaField(
        "Description du besoin",
        filters=[strip_filter],
        validators=[
            DataRequired("Décrivez le besoin en quelques mots."),
            Length(max=2000, message="2 000 caractères au plus."),
        ],
    )
    urgency = SelectField("Urgence", choices=select_choices(URGENCIES), default="normal")
    submit = SubmitField("Enregistrer le besoin")


class OfferForm(FrenchForm):
    theme = SelectField(
        "Thème",
        choices=THEME_CHOICES,
        validators=[DataRequired("Choisissez un thème."), AnyOf(list(THEMES), "Thème inconnu.")],
    )
    text = TextAreaField(
        "Ce que vous pouvez partager",
        filters=[strip_filter],
        validators=[
            DataRequired("Décrivez l'offre en quelques mots."),
            Length(max=2000, message="2 000 caractères au plus."),
        ],
    )
    submit = SubmitField("Enregistrer l'offre")


class CloseNeedForm(FrenchForm):
    outcome = HiddenField(validators=[AnyOf(["met", "withdrawn"], "Choix invalide.")])
    submit = SubmitField("Clore")
