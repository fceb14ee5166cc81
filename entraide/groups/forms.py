"""Forms of the territorial groups and their meetings."""

from datetime import date
from decimal import Decimal

from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..models.group import MEETING_KINDS
from ..web.forms import FrenchDecimalField, FrenchForm, select_choices, strip_filter

NAME_VALIDATORS = [
    DataRequired("Donnez un nom au groupe."),
    Length(max=120, message="120 caractères au plus."),
]


class ValidateGroupForm(FrenchForm):
    """Sent by the "Valider ce groupe" button of the suggested groups page."""

    name = StringField("Nom du groupe", filters=[strip_filter], validators=NAME_VALIDATORS)
    member_ids = SelectMultipleField("Organisations", coerce=int)

    def validate_member_ids(self, field):
        if len(set(field.data or ())) < 2:
            raise ValidationError("Un groupe réunit au moins deux organisations.")


class RenameForm(FrenchForm):
    name = StringField("Nouveau nom", filters=[strip_filter], validators=NAME_VALIDATORS)
    submit = SubmitField("Renommer")


class AddMemberForm(FrenchForm):
    organisation_id = SelectField(
        "Organisation à ajouter",
        coerce=int,
        validators=[DataRequired("Choisissez une organisation.")],
    )
    submit = SubmitField("Ajouter au groupe")


class ContactForm(FrenchForm):
    contact_id = SelectField(
        "Personne de contact",
        coerce=int,
        description="Une personne d'une organisation du groupe, qui relaie les rencontres. "
        "Seules y figurent les personnes de contact pour l'entraide (choix fait par chacune "
        "sur « Mon compte »).",
    )
    submit = SubmitField("Enregistrer le contact")


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes (one per option) instead of a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def not_in_future(_form, field):
    if field.data and field.data > date.today():
        raise ValidationError("La date ne peut pas être dans le futur.")


class MeetingForm(FrenchForm):
    held_on = DateField(
        "Date de la rencontre",
        default=date.today,
        validators=[InputRequired("Indiquez la date."), not_in_future],
    )
    kind = SelectField("Type", choices=select_choices(MEETING_KINDS), default="rencontre")
    title = StringField(
        "Titre",
        filters=[strip_filter],
        validators=[
            DataRequired("Donnez un titre à la rencontre."),
            Length(max=200, message="200 caractères au plus."),
        ],
    )
    host_id = SelectField(
        "Organisation qui accueille",
        coerce=int,
        validators=[DataRequired("Choisissez l'organisation qui accueille.")],
    )
    participant_ids = MultiCheckboxField(
        "Organisations présentes",
        coerce=int,
        description="L'organisation qui accueille est comptée parmi les présentes.",
    )
    other_participants = TextAreaField(
        "Autres participant·es",
        filters=[strip_filter],
        description="Associations, partenaires, intervenant·es… (hors membres du groupe).",
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
    )
    topics = TextAreaField(
        "Sujets abordés",
        filters=[strip_filter],
        validators=[Length(max=5000, message="5 000 caractères au plus.")],
    )
    volunteer_hours = FrenchDecimalField(
        "Heures de bénévolat",
        places=2,
        default=Decimal(0),
        description="Temps bénévole total des participant·es, valorisé dans le bilan.",
        validators=[
            InputRequired("Indiquez les heures (0 si aucune)."),
            NumberRange(0, 10000, "Entre 0 et 10 000 heures."),
        ],
    )
    submit = SubmitField("Enregistrer la rencontre")


class MeetingCorrectionForm(MeetingForm):
    """The recording form, prefilled from the meeting. A network meeting may have no host
    among the organisations (the history names some outside the network)."""

    host_id = SelectField("Organisation qui accueille", coerce=int)
    # The version the form was filled from: a correction saved meanwhile makes it stale.
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    submit = SubmitField("Enregistrer la correction")

    def __init__(self, *args, meeting, organisations, **kwargs):
        self._needs_host = meeting.group_id is not None
        participants = [org.id for org in meeting.participants]
        super().__init__(*args, obj=meeting, participant_ids=participants, **kwargs)
        options = [(org.id, org.name) for org in organisations]
        first = "Choisissez…" if self._needs_host else "Aucune parmi les organisations"
        self.host_id.choices = select_choices([(0, first)] + options)
        self.participant_ids.choices = select_choices(options)
        self._organisations = {org.id: org for org in organisations}
        if self._needs_host:
            self.host_id.flags.required = True

    def validate_host_id(self, field):
        if self._needs_host and not field.data:
            raise ValidationError("Choisissez l'organisation qui accueille.")

    def correction_arguments(self) -> dict:
        """The corrected values, as ``groups.corrections.correct_meeting`` takes them."""
        orgs = self._organisations
        return {
            "held_on": self.held_on.data,
            "kind": self.kind.data,
            "title": self.title.data,
            "host": orgs.get(self.host_id.data),
            "participants": [orgs[i] for i in self.participant_ids.data or () if i in orgs],
            "other_participants": self.other_participants.data or "",
            "topics": self.topics.data or "",
            "volunteer_hours": self.volunteer_hours.data,
        }


class MeetingFilterForm(FrenchForm):
    """Filters of the network meetings page (GET, no CSRF)."""

    class Meta:
        csrf = False

    origin = SelectField(
        "Origine",
        default="",
        choices=select_choices(
            [("", "Toutes"), ("reseau", "Réseau (historique)"), ("groupes", "Groupes")]
        ),
    )
    kind = SelectField(
        "Type", default="", choices=select_choices([("", "Tous")] + list(MEETING_KINDS.items()))
    )
