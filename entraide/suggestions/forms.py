"""The settings form of the matching engine, built from the declaration of the settings."""

from collections.abc import Sequence
from decimal import Decimal

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from ..core.errors import UserError
from ..matching import MatchingParams
from ..matching.settings import SETTINGS, Setting
from ..web.forms import FrenchDecimalField, FrenchForm, select_choices, strip_filter
from . import territory_table

_NUMBER = "Indiquez un nombre."


def setting_field(setting: Setting):
    """The field of one setting: label, help, bounds and message from its declaration."""
    low, high = setting.minimum, setting.maximum
    if not setting.is_integer:
        # The field gives a Decimal, which compares exactly with a float bound: 0.01 as a
        # float is a little more than Decimal("0.01"), which would then be refused.
        low, high = Decimal(str(low)), Decimal(str(high))
    validators = [InputRequired(_NUMBER), NumberRange(low, high, setting.form_message_fr)]
    if setting.is_integer:
        return IntegerField(
            setting.label_fr, description=setting.help_text_fr, validators=validators
        )
    return FrenchDecimalField(
        setting.label_fr,
        places=setting.places,
        description=setting.help_text_fr,
        validators=validators,
    )


class _SettingsFormBase(FrenchForm):
    FIELDS: tuple[str, ...] = ()
    _DECIMALS: tuple[str, ...] = ()

    def values(self) -> dict:
        data = {name: getattr(self, name).data for name in self.FIELDS}
        for name in self._DECIMALS:
            data[name] = float(data[name])
        return data

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        problems = MatchingParams(**self.values()).validate()
        self.form_errors.extend(problems)
        return not problems


def settings_form_class(settings: Sequence[Setting] = SETTINGS) -> type[_SettingsFormBase]:
    """A form class with one field per declared setting, then the two buttons."""
    fields = {setting.name: setting_field(setting) for setting in settings}
    fields["preview"] = SubmitField("Prévisualiser")
    fields["submit"] = SubmitField("Enregistrer")
    fields["FIELDS"] = tuple(setting.name for setting in settings)
    fields["_DECIMALS"] = tuple(s.name for s in settings if not s.is_integer)
    fields["__module__"] = __name__
    return type("MatchingSettingsForm", (_SettingsFormBase,), fields)


MatchingSettingsForm = settings_form_class()


class CommuneTerritoryForm(FrenchForm):
    """Put one commune in a territory. The choices are set by the view; a value that is
    not one of them is named in the message (not WTForms' "Not a valid choice")."""

    commune = StringField(
        "Commune",
        validators=[
            InputRequired("Indiquez une commune du Pas-de-Calais."),
            Length(max=120, message="120 caractères au plus."),
        ],
        filters=[strip_filter],
        description="Nom ou code INSEE, par exemple « Achicourt » ou « 62004 ».",
    )
    territory = SelectField("Territoire", validate_choice=False)
    submit = SubmitField("Enregistrer le territoire")

    def set_choices(self, names: Sequence[str]) -> None:
        self.territory.choices = select_choices([("", "— Choisir —")] + [(n, n) for n in names])

    def validate_commune(self, field) -> None:
        try:
            territory_table.find_commune(field.data)
        except UserError as error:
            raise ValidationError(str(error)) from None

    def validate_territory(self, field) -> None:
        try:
            territory_table.find_territory(field.data)
        except UserError as error:
            raise ValidationError(str(error)) from None


class TerritoryFileForm(FrenchForm):
    """Upload a commune → territory file; it is checked and previewed, not yet applied."""

    file = FileField(
        "Fichier CSV",
        validators=[FileRequired("Choisissez un fichier CSV.")],
        description="Deux colonnes : « insee » (ou « commune ») et « territoire ». "
        "Séparateur « ; » ou « , », encodage UTF-8 ou Windows-1252 (Excel).",
        render_kw={"accept": ".csv,text/csv"},
    )
    mode = RadioField(
        "Mode",
        choices=select_choices(territory_table.MODES),
        default="patch",
    )
    submit = SubmitField("Vérifier le fichier")


class TerritoryApplyForm(FrenchForm):
    """The checked file, carried by the preview page: it is checked again when applied."""

    table = HiddenField(
        validators=[InputRequired("Le fichier vérifié manque : envoyez-le de nouveau.")]
    )
    mode = HiddenField()
    submit = SubmitField("Appliquer ces changements")
