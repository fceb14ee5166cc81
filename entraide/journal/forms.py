"""Filters of the audit log (a GET form: no CSRF, nothing is changed)."""

from wtforms import DateField, SelectField, ValidationError
from wtforms.validators import Optional

from ..web.forms import FrenchForm, select_choices

# Ten years at most, as the report's period: a mistyped year does not scan everything.
MAX_DAYS = 3660
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(field) -> None:
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(f"Les dates vont de {FIRST_YEAR} à {LAST_YEAR}.")


class JournalFilterForm(FrenchForm):
    class Meta:
        csrf = False

    organisation = SelectField(
        "Organisation",
        default="",
        description="Ce qui la concerne : son profil, ses besoins, ses parrainages, ses "
        "groupes, ses appels et ce qu'ont fait ses membres.",
    )
    kind = SelectField("Action", default="")
    actor = SelectField(
        "Auteur·e", default="", description="« Système » : les imports et commandes sans compte."
    )
    start = DateField(
        "Du", validators=[Optional()], format="%Y-%m-%d", render_kw={"max": "2100-12-31"}
    )
    end = DateField(
        "Au (inclus)", validators=[Optional()], format="%Y-%m-%d", render_kw={"max": "2100-12-31"}
    )

    def set_choices(self, organisations, kinds, actors) -> None:
        """``organisations`` and ``actors``: (id, label) pairs; ``kinds``: (code, label)."""
        self.organisation.choices = select_choices(
            [("", "Toutes")] + [(str(org_id), name) for org_id, name in organisations]
        )
        self.kind.choices = select_choices([("", "Toutes")] + list(kinds))
        self.actor.choices = select_choices(
            [("", "Tout le monde"), ("system", "Système")]
            + [(str(user_id), label) for user_id, label in actors]
        )

    def validate_start(self, field):
        _check_year(field)

    def validate_end(self, field):
        _check_year(field)
        if field.data and self.start.data:
            if field.data < self.start.data:
                raise ValidationError("La date de fin précède la date de début.")
            if (field.data - self.start.data).days > MAX_DAYS:
                raise ValidationError("La période ne peut pas dépasser dix ans.")

    @property
    def organisation_id(self) -> int | None:
        return int(self.organisation.data) if self.organisation.data else None
