"""FollowUpForm (with its ActionForm rows) and EvaluationForm of the follow-up booklet."""

from hypothesis import given
from hypothesis import strategies as st

from entraide.followups.forms import MAX_NEW_ACTIONS, SATISFACTION
from entraide.models.followup import MEETING_FORMATS

from .checks import post_and_check
from .conftest import FUZZ
from .strategies import boolean, choice, dates, form, ids, nasty_text, numbers, several

_MEETING_FIELDS = {
    "held_on": dates(),
    "format": choice(*MEETING_FORMATS),
    "participants": nasty_text(),
    "duration_minutes": numbers(),
    "volunteer_hours": numbers(),
    "summary": nasty_text(),
    "next_meeting_on": dates(),
}


def _actions():
    """The rows of the FieldList, plus rows beyond its maximum and odd indexes."""
    index = st.one_of(st.integers(0, MAX_NEW_ACTIONS + 2).map(str), nasty_text())
    sub = st.sampled_from(["description", "owner", "due_on", "done", "csrf_token", ""])
    keys = st.tuples(index, sub).map(lambda pair: f"actions-{pair[0]}-{pair[1]}")
    return st.dictionaries(keys, st.one_of(nasty_text(), dates(), boolean()), max_size=6)


@FUZZ
@given(
    target=st.sampled_from(["active", "proposed", "completed"]),
    who=st.sampled_from(["active_user", "mentor_user", "coordinator", "other_user"]),
    data=form(**_MEETING_FIELDS, needs_met=several(ids())),
    actions=_actions(),
)
def test_followup_form(app, client, world, sign_in, target, who, data, actions):
    sign_in(getattr(world, who))
    pairing = getattr(world, target)
    url = f"/parrainages/{pairing}/rencontres/nouvelle"
    response = post_and_check(app, client, url, data | actions)
    assert response.status_code in (302, 400, 404, 409, 422)


@FUZZ
@given(
    who=st.sampled_from(["completed_user", "mentor_user", "other_user", "young_user"]),
    data=form(
        satisfaction=choice(*map(str, SATISFACTION)),
        what_helped=nasty_text(),
        needs_met=several(ids()),
        employees_now=numbers(),
        members_now=numbers(),
    ),
)
def test_evaluation_form(app, client, world, sign_in, who, data):
    sign_in(getattr(world, who))
    response = post_and_check(app, client, f"/parrainages/{world.completed}/bilan", data)
    assert response.status_code in (302, 400, 404, 409, 422)


@FUZZ
@given(
    who=st.sampled_from(["coordinator", "active_user", "mentor_user", "other_user"]),
    data=form(**_MEETING_FIELDS, version=st.one_of(st.just("1"), numbers())),
    actions=_actions(),
)
def test_followup_correction_form(app, client, world, sign_in, who, data, actions):
    """FollowUpCorrectionForm: the author (the coordinator here) and the coordination; the
    active SCIC's member 403, the sponsor's (not the author) 403, another SCIC 404. Action
    rows sent anyway are ignored."""
    sign_in(getattr(world, who))
    url = f"/parrainages/{world.active}/rencontres/{world.followup}/corriger"
    response = post_and_check(app, client, url, data | actions)
    assert response.status_code in (302, 400, 403, 404, 409, 422)
