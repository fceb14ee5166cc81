"""Forms of the follow-up booklet: a meeting (planned, or recorded with its actions), an
action done, the close-out."""

import decimal
from datetime import date

from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
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
from ..models.followup import MEETING_FORMATS
from ..models.pairing import SATISFACTION_LEVELS
from ..text import shorten
from ..web.forms import FrenchDecimalField, FrenchForm, select_choices, strip_filter
from .corrections import CORRECTABLE
from .services import NewAction

MAX_NEW_ACTIONS = 3

SATISFACTION = SATISFACTION_LEVELS


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes (templates render them in a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RowsField(FieldList):
    """A FieldList that ignores row indexes other than short ASCII numbers.

    WTForms keeps a key "actions-²-owner" because "²".isdigit(), then int("²") raises (a 500);
    a 5 000-digit index fails int() too.
    """

    def _extract_indices(self, prefix, formdata):
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                index = key[offset:].split("-", 1)[0]
                if index.isascii() and index.isdigit() and len(index) <= 9:
                    yield int(index)


def _needs_choices(needs) -> list:
    return select_choices([(n.id, f"{n.theme.label} – {shorten(n.text, 80)}") for n in needs])


class ActionForm(FrenchForm):
    """One action decided at a meeting (a row of the meeting form; empty rows are ignored)."""

    class Meta:
        csrf = False  # part of FollowUpForm, whose token covers it

    description = StringField(
        "Action",
        filters=[strip_filter],
        validators=[Length(max=500, message="500 caractères au plus.")],
    )
    owner = StringField(
        "Responsable",
        filters=[strip_filter],
        validators=[Length(max=120, message="120 caractères au plus.")],
    )
    due_on = DateField("Échéance", validators=[Optional()])
    done = BooleanField("Déjà faite")

    def validate_description(self, field):
        if not field.data and (self.owner.data or self.due_on.data or self.done.data):
            raise ValidationError("Décrivez l'action, ou videz cette ligne.")


# The fields only a record has, and the one only a planned meeting has.
RECORD_ONLY = ("participants", "volunteer_hours", "summary", "actions", "needs_met")
RECORD_ONLY += ("next_meeting_on",)
PLAN_ONLY = ("expected",)


class FollowUpForm(PlanOrRecord, FrenchForm):
    """A meeting of a pairing: planned ahead (``mode=PLAN``: day not in the past, start
    time, place, who is expected) or recorded once held (``mode=RECORD``: day not in the
    future, summary, hours, actions, needs met; time and place optional). The same form
    records a planned meeting (pre-filled from it) and can correct a record."""

    held_on = DateField(
        "Date de la rencontre", validators=[InputRequired("Indiquez la date de la rencontre.")]
    )
    start_time = start_time_field()
    format = RadioField(
        "Format",
        choices=select_choices(MEETING_FORMATS),
        default="visit",
        validators=[InputRequired("Choisissez le format de l'échange.")],
    )
    place = place_field("Une adresse, ou le lien de la visioconférence.")
    expected = TextAreaField(
        "Personnes attendues",
        filters=[strip_filter],
        description="Facultatif : qui vient de chaque SCIC. Toutes les personnes des deux "
        "SCIC reçoivent l'invitation.",
        validators=[Length(max=1000, message="1 000 caractères au plus.")],
    )
    participants = TextAreaField(
        "Participants",
        filters=[strip_filter],
        description="Les personnes présentes et leur structure.",
        validators=[Length(max=1000, message="1 000 caractères au plus.")],
    )
    duration_minutes = duration_field()
    volunteer_hours = FrenchDecimalField(
        "Heures de bénévolat",
        default=decimal.Decimal(0),
        places=2,
        description="Le temps donné bénévolement par l'ensemble des participants, "
        "valorisé dans le bilan au Département (0 si aucun).",
        validators=[
            InputRequired("Indiquez les heures de bénévolat (0 si aucune)."),
            NumberRange(0, 1000, "Entre 0 et 1 000 heures."),
        ],
    )
    summary = TextAreaField(
        "Compte rendu",
        filters=[strip_filter],
        validators=[
            DataRequired("Résumez l'échange en quelques lignes."),
            Length(max=5000, message="5 000 caractères au plus."),
        ],
    )
    actions = RowsField(
        FormField(ActionForm), min_entries=MAX_NEW_ACTIONS, max_entries=MAX_NEW_ACTIONS
    )
    needs_met = CheckboxesField(
        "Besoins satisfaits grâce à cet échange", coerce=int, validate_choice=True
    )
    next_meeting_on = DateField("Prochaine rencontre envisagée", validators=[Optional()])
    submit = SubmitField("Enregistrer la rencontre")
    RECORD_ONLY, PLAN_ONLY = RECORD_ONLY, PLAN_ONLY

    def __init__(
        self, *args, pairing, open_needs=(), today: date | None = None, mode=RECORD, **kwargs
    ):
        self._pairing = pairing
        self._today = today or date.today()
        self.mode = mode
        super().__init__(*args, **kwargs)
        self._keep_fields_of(mode, self._today)
        # Browser hints only; the validators below decide.
        if mode == PLAN:
            self.start_time.flags.required = True  # its label's « * »: a plan needs a time
            return
        self._open_needs = {n.id: n for n in open_needs}
        self.needs_met.choices = _needs_choices(open_needs)
        limits = {"max": self._today.isoformat()}
        if pairing.start_date:
            limits["min"] = pairing.start_date.isoformat()
        self.held_on.render_kw = limits

    def validate_held_on(self, field):
        if field.data is None:
            return
        if self.mode == PLAN:
            self._refuse_past_plan(field.data)
            return
        if field.data > self._today:
            raise ValidationError("La date de la rencontre ne peut pas être dans le futur.")
        start = self._pairing.start_date
        if start and field.data < start:
            raise ValidationError(
                "La rencontre ne peut pas précéder le début du parrainage "
                f"({start.strftime('%d/%m/%Y')})."
            )

    def validate_next_meeting_on(self, field):
        if field.data and self.held_on.data and field.data < self.held_on.data:
            raise ValidationError("La prochaine rencontre ne peut pas précéder celle-ci.")

    def validate_actions(self, field):
        held_on = self.held_on.data
        late = [
            entry.form.due_on
            for entry in field.entries
            if held_on and entry.form.due_on.data and entry.form.due_on.data < held_on
        ]
        for due_on in late:
            due_on.errors.append("L'échéance ne peut pas précéder la rencontre.")
        if late:
            raise ValidationError("Vérifiez les échéances des actions.")

    def new_actions(self) -> list[NewAction]:
        return [
            NewAction(
                description=row["description"],
                owner=row["owner"] or "",
                due_on=row["due_on"],
                done=bool(row["done"]),
            )
            for row in self.actions.data
            if row["description"]
        ]

    def chosen_needs(self) -> list:
        return [self._open_needs[i] for i in self.needs_met.data or () if i in self._open_needs]

    def plan_arguments(self) -> dict:
        """What ``planning.plan_followup`` and ``reschedule_followup`` take."""
        return {
            "held_on": self.held_on.data,
            "start_time": self.start_time.data,
            "format": self.format.data,
            "place": self.place.data or "",
            "expected": self.expected.data or "",
            "duration_minutes": self.duration_minutes.data,
            "today": self._today,
        }

    def service_arguments(self) -> dict:
        """What ``services.log_followup`` and ``planning.record_planned_followup`` take."""
        return {
            "held_on": self.held_on.data,
            "start_time": self.start_time.data,
            "place": self.place.data or "",
            "format": self.format.data,
            "participants": self.participants.data or "",
            "duration_minutes": self.duration_minutes.data,
            "volunteer_hours": self.volunteer_hours.data,
            "summary": self.summary.data,
            "next_meeting_on": self.next_meeting_on.data,
            "actions": self.new_actions(),
            "needs_met": self.chosen_needs(),
            "today": self._today,
        }


class FollowUpEditForm(FollowUpForm):
    """The form of a meeting that exists (planning's « Modifier » and « Noter le compte
    rendu », a correction): filled from the meeting, with the version it was filled from.
    A change saved meanwhile makes it stale: refused (409), nothing written."""

    version = version_field()


class FollowUpCorrectionForm(FollowUpEditForm):
    """The recording form (``mode=RECORD``), prefilled from the held meeting, without what
    is not corrected there: the actions (each followed in the booklet) and the needs met
    (closed when recorded)."""

    submit = SubmitField("Enregistrer la correction")

    def __init__(self, *args, followup, today: date | None = None, **kwargs):
        # Prefilled from the correctable fields only: the meeting's actions would fill the
        # action rows (which this form does not show).
        values = {name: getattr(followup, name) for name in CORRECTABLE}
        values["version"] = followup.version
        super().__init__(
            *args, data=values, pairing=followup.pairing, today=today, mode=RECORD, **kwargs
        )
        del self.actions
        del self.needs_met

    def correction_arguments(self) -> dict:
        """The corrected values, by the model's field names (those of CORRECTABLE)."""
        values = self.service_arguments()
        return {name: values[name] for name in CORRECTABLE}

    def new_actions(self) -> list[NewAction]:
        return []

    def chosen_needs(self) -> list:
        return []


class ActionDoneForm(FrenchForm):
    """The button that marks an action done (its CSRF token only)."""


class ManualReminderForm(FrenchForm):
    """« Relancer maintenant », confirmed from the preview: what the preview showed."""

    fingerprint = HiddenField(
        validators=[DataRequired("L'aperçu de la relance manque : rouvrez-le.")]
    )
    submit = SubmitField("Mettre la relance en file d'envoi")


class EvaluationForm(FrenchForm):
    """One side's close-out evaluation of a completed pairing."""

    satisfaction = RadioField(
        "Satisfaction",
        coerce=int,
        choices=select_choices(SATISFACTION),
        validators=[InputRequired("Indiquez votre satisfaction.")],
    )
    what_helped = TextAreaField(
        "Ce qui vous a aidé",
        filters=[strip_filter],
        description="Ce qui a le mieux fonctionné dans ce parrainage.",
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
    )
    needs_met = CheckboxesField("Besoins satisfaits", coerce=int, validate_choice=True)
    employees_now = IntegerField(
        "Salarié·es aujourd'hui",
        validators=[Optional(), NumberRange(0, 100000, "Un nombre positif ou nul.")],
    )
    members_now = IntegerField(
        "Sociétaires aujourd'hui",
        validators=[Optional(), NumberRange(0, 1000000, "Un nombre positif ou nul.")],
    )
    submit = SubmitField("Envoyer notre bilan")

    def __init__(self, *args, open_needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._open_needs = {n.id: n for n in open_needs}
        self.needs_met.choices = _needs_choices(open_needs)

    def chosen_needs(self) -> list:
        return [self._open_needs[i] for i in self.needs_met.data or () if i in self._open_needs]
