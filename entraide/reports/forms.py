"""Forms of the dashboard (period), the settings (hourly rate, aid) and the highlights."""

from decimal import Decimal

from wtforms import (
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..core.errors import UserError
from ..models.report import FIRST_REPORT_YEAR, HIGHLIGHT_SOURCES, LAST_REPORT_YEAR
from ..web.forms import FrenchDecimalField, FrenchForm, strip_filter
from .period import parse_period


class PeriodForm(FrenchForm):
    """Read from the query string (GET, no CSRF token: it changes nothing)."""

    class Meta:
        csrf = False

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

    def period(self, today):
        """The period, or None with the French message put on the right field."""
        try:
            return parse_period(self.du.data, self.au.data, today)
        except UserError as error:
            message = str(error)
            target = self.du if message.startswith("Date de début") else self.au
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


class AidForm(FrenchForm):
    """The Département's aid of one year (entering a year again corrects its amount)."""

    year = IntegerField(
        "Année de la convention",
        validators=[
            InputRequired(message="Indiquez l'année."),
            NumberRange(
                min=FIRST_REPORT_YEAR,
                max=LAST_REPORT_YEAR,
                message=f"Une année entre {FIRST_REPORT_YEAR} et {LAST_REPORT_YEAR}.",
            ),
        ],
    )
    amount = FrenchDecimalField(
        "Montant de l'aide (€)",
        places=2,
        validators=[
            InputRequired(message="Indiquez le montant."),
            NumberRange(
                min=Decimal(0), max=Decimal(10_000_000), message="Entre 0 et 10 000 000 €."
            ),
        ],
        description="Le montant voté pour l'année, tel qu'il figure dans la convention.",
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
