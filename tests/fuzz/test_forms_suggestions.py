"""MatchingSettingsForm: weights and sizes, previewed or saved."""

from hypothesis import example, given
from hypothesis import strategies as st

from entraide.matching import MatchingParams
from entraide.suggestions.forms import MatchingSettingsForm

from .checks import post_and_check, snapshot
from .conftest import FUZZ
from .strategies import form, nasty_text, numbers

FIELDS = MatchingSettingsForm.FIELDS


def _defaults() -> dict:
    params = MatchingParams()
    return {name: str(getattr(params, name)) for name in FIELDS}


@FUZZ
@example(changes={"w_text": "NaN"}, button="submit")
@example(changes={"top_k": "9" * 400}, button="submit")  # math.isnan(int) overflowed
@example(changes={"half_distance_km": "sNaN"}, button="preview")
@example(changes={"group_min_size": "9", "group_max_size": "2"}, button="submit")
@given(
    changes=st.dictionaries(st.sampled_from(FIELDS), numbers(), max_size=4),
    button=st.sampled_from(["submit", "preview", ""]),
)
def test_matching_settings_form(app, client, world, sign_in, changes, button):
    """Mostly valid values with a few hostile ones: the deep checks are reached."""
    sign_in(world.coordinator)
    data = _defaults() | changes
    if button:
        data[button] = "1"
    response = post_and_check(app, client, "/rapprochement/reglages", data)
    assert response.status_code in (200, 302, 400, 422)


@FUZZ
@given(data=form(**{name: numbers() for name in FIELDS}, submit=nasty_text()))
def test_matching_settings_form_any_body(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    response = post_and_check(app, client, "/rapprochement/reglages", data)
    assert response.status_code in (200, 302, 400, 422)


@FUZZ
@given(top_k=st.integers(1, 50), w_text=st.decimals(0, 10, places=2))
def test_matching_settings_accept_good_input(app, client, world, sign_in, top_k, w_text):
    sign_in(world.coordinator)
    before = snapshot(app)["audit_entry"]
    data = _defaults() | {"top_k": str(top_k), "w_text": str(w_text), "submit": "1"}
    response = client.post("/rapprochement/reglages", data=data)
    assert response.status_code == 302
    assert len(snapshot(app)["audit_entry"]) == len(before) + 1
