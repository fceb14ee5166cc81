"""What the meeting forms of both kinds share: one form planned ahead (``PLAN``) or
recorded once held (``RECORD``), each kind declaring its own fields."""

from datetime import date

from wtforms import ValidationError

from .lifecycle import PAST_DAY

PLAN, RECORD = "plan", "record"


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
