"""ProposeForm, RejectForm, AnswerForm, EndForm and VisibleReasonForm of the parrainage
workflow."""

from hypothesis import given
from hypothesis import strategies as st

from .checks import post_and_check
from .conftest import FUZZ
from .strategies import choice, form, ids, nasty_text, numbers, several


@FUZZ
@given(data=st.data())
def test_propose_form(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    orgs = world.org_ids
    body = data.draw(
        form(
            mentee_id=ids(*orgs),
            mentor_id=ids(*orgs),
            need_ids=several(ids(world.young_need, world.other_need)),
            objectives=nasty_text(),
            planned_months=numbers(),
            rhythm_days=numbers(),
            score=numbers(),
        )
    )
    query = data.draw(form(mentee=ids(*orgs), mentor=ids(*orgs), score=numbers()))
    response = post_and_check(app, client, "/parrainages/nouveau", body, query_string=query)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@given(data=st.data())
def test_reject_form(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    orgs = world.org_ids
    body = data.draw(form(mentee_id=ids(*orgs), mentor_id=ids(*orgs), reason=nasty_text()))
    response = post_and_check(app, client, "/parrainages/ecarter", body)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@given(
    who=st.sampled_from(["young_user", "mentor_user", "other_user", "coordinator"]),
    data=form(decision=choice("accept", "decline"), message=nasty_text()),
)
def test_answer_form(app, client, world, sign_in, who, data):
    sign_in(getattr(world, who))
    response = post_and_check(app, client, f"/parrainages/{world.proposed}/reponse", data)
    assert response.status_code in (302, 400, 403, 404, 409, 422)


@FUZZ
@given(
    target=st.sampled_from(["proposed", "active", "completed", "unknown"]),
    data=form(reason=nasty_text(), visible_reason=nasty_text()),
)
def test_end_form(app, client, world, sign_in, target, data):
    sign_in(world.coordinator)
    pairing = getattr(world, target, 10**6)
    response = post_and_check(app, client, f"/parrainages/{pairing}/arreter", data)
    assert response.status_code in (302, 400, 404, 409, 422)


@FUZZ
@given(
    target=st.sampled_from(["proposed", "active", "completed", "unknown"]),
    data=form(visible_reason=nasty_text()),
)
def test_visible_reason_form(app, client, world, sign_in, target, data):
    sign_in(world.coordinator)
    pairing = getattr(world, target, 10**6)
    response = post_and_check(app, client, f"/parrainages/{pairing}/motif-visible", data)
    assert response.status_code in (302, 400, 404, 409, 422)
