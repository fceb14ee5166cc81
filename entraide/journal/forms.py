"""Filters of the audit log (a GET form: no CSRF, nothing is changed)."""

from wtforms import DateField, SelectField, ValidationError
from wtforms.validators import Optional

from ..web.forms import FrenchForm, select_choices
from .labels import action_label, object_label


class JournalFilterForm(FrenchForm):
    class Meta:
        csrf = False

    object_type = SelectField("Type d'objet", default="")
    action = SelectField("Action", default="")
    actor = SelectField(
        "Auteur·e", default="", description="« Système » : les imports et commandes sans compte."
    )
    start = DateField("Du", validators=[Optional()])
    end = DateField("Au (inclus)", validators=[Optional()])

    def set_choices(self, object_types, actions, actors) -> None:
        """``actors``: (user id, label) pairs of the people found in the log."""
        self.object_type.choices = select_choices(
            [("", "Tous")] + [(value, object_label(value)) for value in object_types]
        )
        self.action.choices = select_choices(
            [("", "Toutes")] + [(v, action_label(v)) for v in actions]
        )
        self.actor.choices = select_choices(
            [("", "Tout le monde"), ("system", "Système")]
            + [(str(user_id), label) for user_id, label in actors]
        )

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("La date de fin précède la date de début.")
