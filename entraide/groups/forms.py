"""Forms of the territorial groups and their meetings."""

from datetime import date
from decimal import Decimal

from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from ..meetings.forms import (
    PLAN,
    RECORD,
    PlanOrRecord,
    duration_field,
    place_field,
    start_time_field,
    version_field,
)
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


RECORD_ONLY = ("participant_ids", "topics", "volunteer_hours")
PLAN_ONLY = ("expected_ids",)


class MeetingForm(PlanOrRecord, FrenchForm):
    """A group's meeting: planned ahead (``mode=PLAN``: a day not in the past, a start
    time, the organisations expected) or recorded once held (``mode=RECORD``: a day not in
    the future, who was there, topics, hours). The same form records a planned meeting
    (pre-filled from it) and can correct a record."""

    held_on = DateField(
        "Date de la rencontre", default=date.today, validators=[InputRequired("Indiquez la date.")]
    )
    start_time = start_time_field()
    duration_minutes = duration_field()
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
    place = place_field("L'adresse ; laissée vide, la commune de l'organisation qui accueille.")
    expected_ids = MultiCheckboxField(
        "Organisations attendues",
        coerce=int,
        description="Leurs membres reçoivent l'invitation ; l'organisation qui accueille en fait "
        "partie.",
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
    RECORD_ONLY, PLAN_ONLY = RECORD_ONLY, PLAN_ONLY

    def __init__(self, *args, mode=RECORD, today: date | None = None, **kwargs):
        self.mode = mode
        self._today = today or date.today()
        super().__init__(*args, **kwargs)
        self._keep_fields_of(mode, self._today)
        if mode == PLAN:
            self.other_participants.label.text = "Autres personnes attendues"
        else:
            self.held_on.render_kw = {"max": self._today.isoformat()}

    def validate_held_on(self, field):
        if field.data is None:
            return
        self._refuse_past_plan(field.data)
        if self.mode == RECORD and field.data > self._today:
            raise ValidationError(
                "La date ne peut pas être dans le futur : prévoyez la rencontre plutôt."
            )

    def plan_arguments(self, members: dict) -> dict:
        """What ``planning.plan_meeting`` and ``reschedule_meeting`` take."""
        return {
            "held_on": self.held_on.data,
            "start_time": self.start_time.data,
            "duration_minutes": self.duration_minutes.data,
            "kind": self.kind.data,
            "title": self.title.data,
            "host": members.get(self.host_id.data),
            "expected": [members[i] for i in self.expected_ids.data or () if i in members],
            "place": self.place.data or "",
            "other_participants": self.other_participants.data or "",
            "today": self._today,
        }

    def record_arguments(self, members: dict) -> dict:
        """What ``services.record_meeting`` and ``planning.record_planned_meeting`` take."""
        return {
            "held_on": self.held_on.data,
            "start_time": self.start_time.data,
            "place": self.place.data or "",
            "kind": self.kind.data,
            "title": self.title.data,
            "host": members.get(self.host_id.data),
            "participants": [members[i] for i in self.participant_ids.data or () if i in members],
            "other_participants": self.other_participants.data or "",
            "topics": self.topics.data or "",
            "volunteer_hours": self.volunteer_hours.data,
            "duration_minutes": self.duration_minutes.data,
        }


class MeetingEditForm(MeetingForm):
    """The form of a meeting that exists (planning's « Modifier » and « Noter le compte
    rendu », a correction): filled from the meeting, with the version it was filled from.
    A change saved meanwhile makes it stale: refused (409), nothing written."""

    version = version_field()


class MeetingCorrectionForm(MeetingEditForm):
    """The recording form (``mode=RECORD``), prefilled from the held meeting. A meeting
    without group (a network meeting of before the actions register) may have no host
    among the organisations."""

    host_id = SelectField("Organisation qui accueille", coerce=int)
    submit = SubmitField("Enregistrer la correction")

    def __init__(self, *args, meeting, organisations, **kwargs):
        self._needs_host = meeting.group_id is not None
        participants = [org.id for org in meeting.participants]
        super().__init__(*args, obj=meeting, participant_ids=participants, mode=RECORD, **kwargs)
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
            "start_time": self.start_time.data,
            "duration_minutes": self.duration_minutes.data,
            "kind": self.kind.data,
            "title": self.title.data,
            "host": orgs.get(self.host_id.data),
            "place": self.place.data or "",
            "participants": [orgs[i] for i in self.participant_ids.data or () if i in orgs],
            "other_participants": self.other_participants.data or "",
            "topics": self.topics.data or "",
            "volunteer_hours": self.volunteer_hours.data,
        }


class MeetingFilterForm(FrenchForm):
    """Filters of the groups' meetings page (GET, no CSRF)."""

    class Meta:
        csrf = False

    kind = SelectField(
        "Type", default="", choices=select_choices([("", "Tous")] + list(MEETING_KINDS.items()))
    )
