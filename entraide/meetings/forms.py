"""What the meeting forms of both kinds share: one form planned ahead (``PLAN``) or
recorded once held (``RECORD``), each kind declaring its own fields.

The shared fields are made by functions each form's class body calls: a field made there
takes its place among the class's own (WTForms orders fields by creation), so both forms
keep their order on the page and in their error lists."""

from datetime import date

from wtforms import IntegerField, StringField, TimeField, ValidationError
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from ..web.forms import strip_filter
from .lifecycle import PAST_DAY

PLAN, RECORD = "plan", "record"


def start_time_field() -> TimeField:
    """Optional for a record (old ones have none); ``PlanOrRecord`` asks it of a plan."""
    return TimeField("Heure de début", validators=[Optional()])


def duration_field() -> IntegerField:
    return IntegerField(
        "Durée (minutes)",
        validators=[Optional(), NumberRange(1, 1440, "Entre 1 et 1 440 minutes.")],
    )


def place_field(description: str) -> StringField:
    return StringField(
        "Lieu",
        filters=[strip_filter],
        description=description,
        validators=[Length(max=200, message="200 caractères au plus.")],
    )


def version_field() -> IntegerField:
    """The version a meeting's form was filled from (``models.corrections``): a change
    saved meanwhile makes the form stale, refused (409) rather than overwrite it."""
    return IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class PlanOrRecord:
    """A mixin of a kind's meeting form (a ``FrenchForm`` with ``held_on``, ``start_time``
    and ``duration_minutes``): ``RECORD_ONLY`` and ``PLAN_ONLY`` name the fields the other
    mode drops. No field is declared here: a form's fields keep the order of its class."""

    RECORD_ONLY: tuple[str, ...] = ()
    PLAN_ONLY: tuple[str, ...] = ()

    def _keep_fields_of(self, mode: str, today: date) -> None:
        """After ``__init__``: drop the other mode's fields; for a plan, the browser's hint
        of a day not in the past (the validators decide) and the calendar's default."""
        for name in self.RECORD_ONLY if mode == PLAN else self.PLAN_ONLY:
            delattr(self, name)
        if mode == PLAN:
            self.held_on.render_kw = {"min": today.isoformat()}
            self.duration_minutes.description = "Pour l'agenda : 2 heures si vous la laissez vide."

    def _refuse_past_plan(self, day: date) -> None:
        if self.mode == PLAN and day < self._today:
            raise ValidationError(PAST_DAY)

    def validate_start_time(self, field):
        if self.mode == PLAN and field.data is None and not field.errors:
            raise ValidationError("Indiquez l'heure de la rencontre (par exemple 14:30).")
