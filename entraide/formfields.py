"""Fields and validators shared by several feature forms."""

from wtforms import ValidationError
from wtforms.validators import Email

from .passwords import password_problem


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
