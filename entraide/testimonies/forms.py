"""The answer an organisation gives about a testimony's exact text."""

from wtforms import HiddenField, RadioField
from wtforms.validators import DataRequired, InputRequired, Length

from ..web.forms import FrenchForm, select_choices

ANSWERS = {
    "approved": "J'approuve ce texte tel qu'il est, avec le nom de notre organisation",
    "approved_anonymous": "J'approuve ce texte sans notre nom : notre organisation y sera "
    "décrite sans être nommée",
    "refused": "Je refuse que ce texte figure dans le bilan",
}


class AnswerForm(FrenchForm):
    answer = RadioField(
        "Votre réponse",
        choices=select_choices(ANSWERS),
        validators=[InputRequired("Choisissez une réponse.")],
    )
    # The text the person read: an answer never covers a text changed meanwhile.
    digest = HiddenField(
        validators=[DataRequired("Le texte lu manque : rouvrez la page."), Length(max=64)]
    )
