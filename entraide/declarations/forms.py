"""Forms to declare needs and offers."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from ..formfields import strip_filter
from ..themes import THEMES, URGENCIES

THEME_CHOICES = [("", "Choisissez un thème")] + list(THEMES.items())


class NeedForm(FlaskForm):
    theme = SelectField("Thème", choices=THEME_CHOICES,
                        validators=[DataRequired("Choisissez un thème."),
                                    AnyOf(list(THEMES), "Thème inconnu.")])
    text = TextAreaField("Description du besoin", filters=[strip_filter],
                         validators=[DataRequired("Décrivez le besoin en quelques mots."),
                                     Length(max=2000, message="2 000 caractères au plus.")])
    urgency = SelectField("Urgence", choices=list(URGENCIES.items()), default="normal")
    submit = SubmitField("Enregistrer le besoin")


class OfferForm(FlaskForm):
    theme = SelectField("Thème", choices=THEME_CHOICES,
                        validators=[DataRequired("Choisissez un thème."),
                                    AnyOf(list(THEMES), "Thème inconnu.")])
    text = TextAreaField("Ce que vous pouvez partager", filters=[strip_filter],
                         validators=[DataRequired("Décrivez l'offre en quelques mots."),
                                     Length(max=2000, message="2 000 caractères au plus.")])
    submit = SubmitField("Enregistrer l'offre")


class CloseNeedForm(FlaskForm):
    outcome = HiddenField(validators=[AnyOf(["met", "withdrawn"], "Choix invalide.")])
    submit = SubmitField("Clore")
