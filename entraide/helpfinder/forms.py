"""Forms of « Qui peut m'aider ? » and « Qui puis-je aider ? »."""

from wtforms import IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from ..models.sponsor_request import MESSAGE_MAX
from ..web.forms import MAX_ROW_ID, FrenchForm, strip_filter

_UNKNOWN_NEED = "Besoin inconnu."


def _id_field(message: str) -> IntegerField:
    return IntegerField(
        validators=[InputRequired(message), NumberRange(1, MAX_ROW_ID, message)],
    )


def _message_field(description: str) -> TextAreaField:
    return TextAreaField(
        "Message à la coordination (facultatif)",
        filters=[strip_filter],
        description=description,
        validators=[Length(max=MESSAGE_MAX, message="1 000 caractères au plus.")],
    )


class AskForm(FrenchForm):
    """A young SCIC asks for the sponsorship of one SCIC on one of its needs."""

    need_id = _id_field(_UNKNOWN_NEED)
    mentor_id = _id_field("SCIC marraine inconnue.")
    message = _message_field("Pourquoi cette SCIC, ce que vous attendez du parrainage.")


class OfferForm(FrenchForm):
    """An experienced SCIC offers its help on a young SCIC's need."""

    need_id = _id_field(_UNKNOWN_NEED)
    message = _message_field("Ce que votre SCIC peut apporter, vos disponibilités.")


def errors_text(form) -> str:
    """Every error of the form, one sentence after the other."""
    return " ".join(error for field in form for error in field.errors) or "Demande invalide."
