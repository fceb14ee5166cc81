"""Forms of the dashboard (period), the settings (hourly rate) and the highlights."""

from decimal import Decimal

from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..conventions.queries import all_conventions, check_within
from ..core.errors import UserError
from ..models.narrative import MAX_NARRATIVE_LENGTH
from ..models.report import HIGHLIGHT_SOURCES
from ..web.forms import FrenchDecimalField, FrenchForm, select_choices, strip_filter
from .period import check_period, parse_period


class PeriodForm(FrenchForm):
    """Read from the query string (GET, no CSRF token: it changes nothing).

    With a convention chosen, the period is the convention's unless dates are given, and
    dates outside it are refused (the report of a convention stays within it)."""

    class Meta:
        csrf = False

    convention = SelectField(
        "Convention",
        choices=[],
        validate_choice=False,
        description="Le bilan prend la période de la convention ; des dates choisies doivent "
        "rester dans cette période.",
    )
    du = StringField(
        "Du",
        filters=[strip_filter],
        validators=[Optional(), Length(max=10)],
        render_kw={"type": "date"},
    )
    au = StringField(
        "Au",
        filters=[strip_filter],
        validators=[Optional(), Length(max=10)],
        render_kw={"type": "date"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._conventions = {str(c.id): c for c in all_conventions()}
        self.convention.choices = select_choices(
            [("", "Aucune (dates libres)")]
            + [(key, f"n° {c.reference} – {c.title}") for key, c in self._conventions.items()]
        )

    def chosen(self):
        """The chosen convention (None when none is), or UserError when it is unknown."""
        value = (self.convention.data or "").strip()
        if not value:
            return None
        if value not in self._conventions:
            raise UserError("Convention inconnue : choisissez-en une dans la liste.", 422)
        return self._conventions[value]

    def _find_period(self, today):
        convention = self.chosen()
        if convention is not None and not (self.du.data or self.au.data):
            return check_period(convention.period_start, convention.period_end)
        period = parse_period(self.du.data, self.au.data, today)
        if convention is not None:
            check_within(convention, period.start, period.end)
        return period

    def period(self, today):
        """The period, or None with the French message put on the right field."""
        try:
            return self._find_period(today)
        except UserError as error:
            message = str(error)
            if message.startswith("Date de début"):
                target = self.du
            elif message.startswith(("Convention", "La période du")):
                target = self.convention
            else:
                target = self.au
            target.errors = [*target.errors, message]
            return None


class SettingsForm(FrenchForm):
    hourly_rate = FrenchDecimalField(
        "Taux horaire de valorisation du bénévolat (€)",
        places=2,
        validators=[
            InputRequired(message="Indiquez un taux horaire."),
            NumberRange(min=Decimal(0), max=Decimal(999), message="Entre 0 et 999 €."),
        ],
        description="Par défaut 20,29 € (bilan 2022-2023 : 142 € par jour de 7 heures).",
    )


class HighlightTextForm(FrenchForm):
    """A testimony's text, as the coordination corrects it."""

    title = StringField(
        "Titre ou attribution (sans nom de personne)",
        filters=[strip_filter],
        validators=[Length(max=200)],
    )
    quote = TextAreaField(
        "Texte",
        filters=[strip_filter],
        validators=[DataRequired(message="Le texte est obligatoire."), Length(max=4000)],
    )
    position = IntegerField("Ordre", default=0, validators=[Optional(), NumberRange(0, 999)])


class HighlightForm(HighlightTextForm):
    """A testimony: taken from a follow-up or an evaluation, or written freely."""

    source_type = HiddenField(default="free")
    source_id = HiddenField()

    def validate_source_type(self, field):
        if field.data not in HIGHLIGHT_SOURCES:
            raise ValidationError("Source inconnue.")

    def validate_source_id(self, field):
        # A hidden field: ASCII digits that fit an INTEGER column (int("²") raises), or nothing.
        value = field.data or ""
        if value and not (value.isascii() and value.isdigit() and len(value) <= 9):
            raise ValidationError("Source inconnue.")


class DeleteForm(FrenchForm):
    """Only the CSRF token."""


# A paragraph or two is read and typed whole, not through a two-line slit.
NARRATIVE_BOX = {"rows": 8}
NARRATIVE_TOO_LONG = "Ce texte est trop long : 5\u202f000 caractères au plus."


class NarrativeForm(FrenchForm):
    """The three texts of an axis's narrative (each may stay empty)."""

    conditions = TextAreaField(
        "Conditions de réalisation",
        filters=[strip_filter],
        validators=[Length(max=MAX_NARRATIVE_LENGTH, message=NARRATIVE_TOO_LONG)],
        render_kw=NARRATIVE_BOX,
    )
    results = TextAreaField(
        "Résultats obtenus",
        filters=[strip_filter],
        validators=[Length(max=MAX_NARRATIVE_LENGTH, message=NARRATIVE_TOO_LONG)],
        render_kw=NARRATIVE_BOX,
    )
    perspectives = TextAreaField(
        "Perspectives",
        filters=[strip_filter],
        validators=[Length(max=MAX_NARRATIVE_LENGTH, message=NARRATIVE_TOO_LONG)],
        render_kw=NARRATIVE_BOX,
    )
