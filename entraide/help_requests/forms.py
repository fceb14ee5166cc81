"""Forms of the help requests."""

from wtforms import (
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from ..themes import THEMES
from ..web.forms import (
    FrenchForm,
    email_validator,
    lower_filter,
    row_id,
    select_choices,
    strip_filter,
)


class HelpRequestForm(FrenchForm):
    theme = SelectField(
        "Thème",
        choices=select_choices([("", "Choisissez un thème")] + list(THEMES.items())),
        validators=[DataRequired("Choisissez un thème."), AnyOf(list(THEMES), "Thème inconnu.")],
    )
    title = StringField(
        "Titre",
        filters=[strip_filter],
        description="En une phrase : de quoi avez-vous besoin, pour quand ?",
        validators=[
            DataRequired("Donnez un titre à la demande."),
            Length(max=200, message="200 caractères au plus."),
        ],
    )
    text = TextAreaField(
        "Votre demande",
        filters=[strip_filter],
        description="La situation, ce que vous attendez des autres SCIC, l'échéance.",
        validators=[
            DataRequired("Décrivez la demande."),
            Length(max=5000, message="5 000 caractères au plus."),
        ],
    )
    submit = SubmitField("Lancer l'appel")


class AnswerForm(FrenchForm):
    message = TextAreaField(
        "Votre réponse",
        filters=[strip_filter],
        description="Ce que votre organisation peut proposer, et comment vous joindre.",
        validators=[
            DataRequired("Écrivez votre réponse."),
            Length(max=5000, message="5 000 caractères au plus."),
        ],
    )
    submit = SubmitField("Répondre")


class CloseForm(FrenchForm):
    solved = RadioField(
        "La demande a-t-elle été résolue ?",
        choices=select_choices([("yes", "Oui, résolue"), ("no", "Non, pas résolue")]),
        validators=[InputRequired("Indiquez si la demande a été résolue.")],
    )
    note = TextAreaField(
        "Note (facultative)",
        filters=[strip_filter],
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
    )
    submit = SubmitField("Clore l'appel")


class StatusFilterForm(FrenchForm):
    class Meta:
        csrf = False

    status = SelectField(
        "État",
        default="open",
        choices=select_choices([("open", "Ouverts"), ("closed", "Clos"), ("all", "Tous")]),
    )


class RelayForm(FrenchForm):
    """The coordination relays a request to member organisations and/or an outside contact.

    The organisations are checked by the service (unknown, archived, already told), each
    with its own message; the choices only fill the list.
    """

    organisation_ids = SelectMultipleField(
        "Organisations membres à prévenir",
        coerce=row_id,
        validate_choice=False,
        validators=[Optional()],
        description=(
            "Les organisations actives qui n'ont pas encore été prévenues ; "
            "Ctrl (ou Cmd) + clic pour en choisir plusieurs."
        ),
    )
    contact_name = StringField(
        "Nom du contact extérieur",
        filters=[strip_filter],
        description="Une structure d'accompagnement, un ou une consultante…",
        validators=[Length(max=200, message="200 caractères au plus.")],
    )
    contact_email = EmailField(
        "Adresse e-mail du contact extérieur",
        filters=[lower_filter],
        validators=[
            Optional(),
            Length(max=254, message="254 caractères au plus."),
            email_validator(),
        ],
    )
    note = TextAreaField(
        "Pourquoi eux ? (facultatif, joint au message)",
        filters=[strip_filter],
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
    )
    submit = SubmitField("Relayer l'appel")
