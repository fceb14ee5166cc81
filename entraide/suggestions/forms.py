"""The settings form of the matching engine, built from the declaration of the settings."""

from collections.abc import Sequence
from decimal import Decimal

from wtforms import IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from ..matching import MatchingParams
from ..matching.settings import SETTINGS, Setting
from ..web.forms import FrenchDecimalField, FrenchForm

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
