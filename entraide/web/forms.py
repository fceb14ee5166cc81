"""Form pieces shared by every feature: the French base form, confirmation, fields, validators."""

from functools import cache

from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, IntegerField, SubmitField, ValidationError
from wtforms.i18n import get_translations
from wtforms.validators import Email

from ..core.passwords import password_problem

try:  # WTForms >= 3.3 declares options as SelectChoice and deprecates (value, label) tuples.
    from wtforms.fields.choices import SelectChoice as _Option
except ImportError:  # pragma: no cover - WTForms < 3.3

    def _Option(value, label):
        return (value, label)


MAX_INTEGER = 2**63 - 1  # the widest integer column (BIGINT)


@cache
def _french_translations():
    return get_translations(["fr"])


class FrenchForm(FlaskForm):
    """A FlaskForm whose built-in WTForms messages ("Not a valid choice.") are in French.

    Flask-WTF only translates them through Flask-Babel, which the app does not use.
    """

    class Meta:
        def get_translations(self, form):
            return _french_translations()

    def process(self, *args, **kwargs):
        super().process(*args, **kwargs)
        # NumberRange calls math.isnan(), which raises on an int beyond ~1e308 (a 500):
        # a huge integer is refused here as "not a valid integer".
        for field in self:
            if isinstance(field, IntegerField) and abs(field.data or 0) > MAX_INTEGER:
                field.data = None
                field.process_errors.append(field.gettext("Not a valid integer value."))


def select_choices(options) -> list:
    """SelectField options from a ``{value: label}`` mapping or ``(value, label)`` pairs."""
    pairs = options.items() if isinstance(options, dict) else options
    return [_Option(value, label) for value, label in pairs]


class ConfirmForm(FrenchForm):
    """An empty form: CSRF protection for POST-only buttons (archive, restore...)."""

    submit = SubmitField("Confirmer")


class VersionForm(FrenchForm):
    """The CSRF token and the version of the record the page showed: a change made from a
    stale page is refused (the service compares it with the locked row's version)."""

    version = HiddenField()

    def expected_version(self) -> int:
        value = self.version.data or ""
        # -1 matches no record: a tampered version is a stale page.
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else -1


class FrenchDecimalField(DecimalField):
    """A decimal typed the French way: comma (« 1,5 »), spaces between thousands
    (« 17 500 », also no-break spaces); NaN and infinities are refused, because they pass
    DecimalField and then make NumberRange's comparison raise (a 500)."""

    _FRENCH = str.maketrans({" ": None, "\u00a0": None, "\u202f": None, ",": "."})

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].translate(self._FRENCH)]
        super().process_formdata(valuelist)
        # No value sent: data is still the default, which may be a float (a 500 here).
        if valuelist and self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


MAX_ROW_ID = 2**31 - 1  # PostgreSQL INTEGER (SQLite overflows past 2**63)


def row_id(value) -> int:
    """``coerce`` (or ``type``) of an id sent by the browser: out of range is invalid.

    A larger id would reach the database and fail there (a 500) instead of "not found".
    """
    number = int(value)
    if not -MAX_ROW_ID <= number <= MAX_ROW_ID:
        raise ValueError("id out of range")
    return number


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


def lower_filter(value):
    return value.strip().lower() if isinstance(value, str) else value


EMAIL_MESSAGE = "Adresse électronique invalide."


def email_validator():
    # check_deliverability=False: no DNS look-up (tests, and no network in some places).
    return Email(message=EMAIL_MESSAGE, check_deliverability=False)


class StrongPassword:
    """Apply the password policy; reads the email from ``form.email`` when present."""

    def __call__(self, form, field):
        email = getattr(getattr(form, "email", None), "data", "") or getattr(form, "_email", "")
        problem = password_problem(field.data or "", email=email or "")
        if problem:
            raise ValidationError(problem)
