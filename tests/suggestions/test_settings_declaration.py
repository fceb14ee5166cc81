"""One declaration of the matching settings: the form, the database and MatchingParams agree.

For every setting, the values at its declared bounds are accepted and the values one
step beyond are refused by the settings form (the field itself), by the CHECK
constraints of the migrated database and by ``MatchingParams.validate``. Then the
declaration alone is changed (every range narrowed by one step on each side): the form
class, the constraints and the validation built from it follow, so none of them keeps a
bound of its own.
"""

import dataclasses
from decimal import Decimal

import pytest
from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    Integer,
    MetaData,
    Table,
    create_engine,
    insert,
)
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from entraide.core.extensions import db
from entraide.matching import MatchingParams
from entraide.matching import settings as declaration
from entraide.matching.settings import DEFAULTS, NAMES, SETTINGS
from entraide.models import MatchingSettings
from entraide.models.matching_settings import bounds_constraints
from entraide.suggestions.forms import MatchingSettingsForm, settings_form_class


def _step(setting) -> Decimal:
    """The smallest change the form lets one type: 1, or one unit of the last decimal."""
    return Decimal(1) if setting.is_integer else Decimal(1).scaleb(-setting.places)


def _number(setting, value: Decimal) -> int | float:
    return int(value) if setting.is_integer else float(value)


def _cases(setting) -> list[tuple[int | float, bool]]:
    """(value, accepted): both bounds, and one step beyond each."""
    low, high = Decimal(str(setting.minimum)), Decimal(str(setting.maximum))
    step = _step(setting)
    return [
        (_number(setting, low), True),
        (_number(setting, high), True),
        (_number(setting, low - step), False),
        (_number(setting, high + step), False),
    ]


def _values(settings, name: str, value) -> dict:
    """Every setting at its default but ``name``; the other group size is kept in order
    and within its own bounds, so that only ``name`` can be at fault (the database checks
    both sizes in one constraint: below both minimums, the order refuses too)."""
    by_name = {s.name: s for s in settings}
    values = {s.name: s.default for s in settings} | {name: value}
    low, high = by_name["group_min_size"], by_name["group_max_size"]
    if name == low.name:
        values[high.name] = min(max(value, high.default), high.maximum)
    elif name == high.name:
        values[low.name] = max(min(value, low.default), low.minimum)
    return values


def _form_accepts(form_class, name, values) -> bool:
    data = MultiDict({key: str(value) for key, value in values.items()} | {"submit": "1"})
    form = form_class(formdata=data, meta={"csrf": False})
    valid = form.validate()
    assert valid or name in form.errors, (name, form.errors, form.form_errors)
    return valid


def _params_accept(settings, name, values) -> bool:
    errors = MatchingParams(**values).validate()
    (setting,) = (s for s in settings if s.name == name)
    assert not errors or setting.error_fr in errors, errors
    return not errors


def _suite_database_accepts(values) -> bool:
    """Insert the row in the migrated database of the suite (SQLite or PostgreSQL)."""
    db.session.add(MatchingSettings(id=1, **values))
    try:
        db.session.flush()
    except IntegrityError:
        return False
    finally:
        db.session.rollback()
    return True


def _table_accepts(settings, values) -> bool:
    """Insert the row in a table that has only the constraints built from ``settings``."""
    columns = [Column(s.name, Integer if s.is_integer else Float) for s in settings]
    table = Table("matching_settings", MetaData(), *columns, *bounds_constraints(settings))
    engine = create_engine("sqlite://")
    try:
        table.create(engine)
        with engine.begin() as connection:
            connection.execute(insert(table).values(**values))
    except IntegrityError:
        return False
    finally:
        engine.dispose()
    return True


@pytest.mark.parametrize("setting", SETTINGS, ids=NAMES)
def test_form_database_and_params_agree_on_the_declared_bounds(app_ctx, setting):
    for value, accepted in _cases(setting):
        values = _values(SETTINGS, setting.name, value)
        with app_ctx.test_request_context():
            form = _form_accepts(MatchingSettingsForm, setting.name, values)
        verdicts = {
            "form": form,
            "database": _suite_database_accepts(values),
            "MatchingParams": _params_accept(SETTINGS, setting.name, values),
        }
        assert verdicts == dict.fromkeys(verdicts, accepted), (setting.name, value)


def _narrowed(setting):
    step = _step(setting)
    low = _number(setting, Decimal(str(setting.minimum)) + step)
    high = _number(setting, Decimal(str(setting.maximum)) - step)
    assert low <= setting.default <= high
    return dataclasses.replace(setting, minimum=low, maximum=high)


NARROWED = tuple(_narrowed(setting) for setting in SETTINGS)


@pytest.mark.parametrize("setting", NARROWED, ids=NAMES)
def test_a_changed_declaration_changes_form_constraints_and_params(app, monkeypatch, setting):
    """The old bounds, one step beyond the new ones, are refused by all three."""
    monkeypatch.setattr(declaration, "SETTINGS", NARROWED)
    form_class = settings_form_class(NARROWED)
    for value, accepted in _cases(setting):
        values = _values(NARROWED, setting.name, value)
        with app.test_request_context():
            form = _form_accepts(form_class, setting.name, values)
        verdicts = {
            "form": form,
            "constraints": _table_accepts(NARROWED, values),
            "MatchingParams": _params_accept(NARROWED, setting.name, values),
        }
        assert verdicts == dict.fromkeys(verdicts, accepted), (setting.name, value)


def test_names_types_defaults_and_labels_come_from_the_declaration(app):
    fields = [f.name for f in dataclasses.fields(MatchingParams)]
    assert fields == list(NAMES)
    assert {name: getattr(MatchingParams(), name) for name in NAMES} == DEFAULTS

    table = MatchingSettings.__table__
    for setting in SETTINGS:
        column = table.c[setting.name]
        assert isinstance(column.type, Integer if setting.is_integer else Float)
        assert column.default.arg == setting.default
    checks = {
        c.name: str(c.sqltext)
        for c in table.constraints
        if isinstance(c, CheckConstraint) and c.name != "ck_matching_settings_single_row"
    }
    built = {c.name: str(c.sqltext) for c in bounds_constraints(SETTINGS)}
    assert {f"ck_matching_settings_{name}": text for name, text in built.items()} == checks

    with app.test_request_context():
        form = MatchingSettingsForm(meta={"csrf": False})
    assert MatchingSettingsForm.FIELDS == NAMES
    for setting in SETTINGS:
        field = form[setting.name]
        assert (field.label.text, field.description) == (setting.label_fr, setting.help_text_fr)
