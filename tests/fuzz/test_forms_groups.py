"""The territorial groups' forms: validation, rename, members, contact, meetings, filters."""

from hypothesis import given
from hypothesis import strategies as st

from entraide.models.group import MEETING_KINDS

from .checks import get_and_check, post_and_check
from .conftest import FUZZ
from .strategies import choice, dates, form, ids, nasty_text, numbers, several


@FUZZ
@given(data=st.data())
def test_validate_group_form(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    body = data.draw(form(name=nasty_text(), member_ids=several(ids(*world.org_ids), 6)))
    response = post_and_check(app, client, "/groupes/valider", body)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@given(
    action=st.sampled_from(["nom", "membres", "contact"]),
    group=st.sampled_from([0, 10**6]),
    data=st.data(),
)
def test_group_change_forms(app, client, world, sign_in, action, group, data):
    """RenameForm, AddMemberForm and ContactForm."""
    sign_in(world.coordinator)
    body = data.draw(
        form(name=nasty_text(), organisation_id=ids(*world.org_ids), contact_id=ids(1, 2, 3, 4))
    )
    url = f"/groupes/{group or world.group}/{action}"
    response = post_and_check(app, client, url, body)
    assert response.status_code in (302, 400, 404, 409, 422)


@FUZZ
@given(data=st.data())
def test_meeting_form(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    body = data.draw(
        form(
            held_on=dates(),
            kind=choice(*MEETING_KINDS),
            title=nasty_text(),
            host_id=ids(*world.org_ids),
            participant_ids=several(ids(*world.org_ids), 6),
            other_participants=nasty_text(),
            topics=nasty_text(),
            volunteer_hours=numbers(),
        )
    )
    url = f"/groupes/{world.group}/rencontres/nouvelle"
    response = post_and_check(app, client, url, body)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@given(query=form(kind=choice("", *MEETING_KINDS), page=numbers()))
def test_meeting_filter_form(app, client, world, sign_in, query):
    sign_in(world.coordinator)
    response = get_and_check(app, client, "/groupes/rencontres", query)
    assert response.status_code in (200, 400, 404, 422)  # 404: a page number beyond any
