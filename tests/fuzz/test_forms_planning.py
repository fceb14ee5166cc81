"""The planned meetings' forms, through their routes: plan, change, record, cancel, for a
pairing's meeting and a group's (FollowUpForm and MeetingForm in their two modes,
CancelMeetingForm)."""

from hypothesis import given
from hypothesis import strategies as st

from entraide.models.followup import MEETING_FORMATS
from entraide.models.group import MEETING_KINDS

from .checks import post_and_check
from .conftest import FUZZ
from .strategies import choice, dates, form, ids, nasty_text, numbers, several

WHO = ["active_user", "mentor_user", "coordinator", "other_user", "young_user"]


def times():
    """Times as text: real ones, impossible ones, other formats, garbage."""
    return st.one_of(
        st.times().map(lambda t: t.strftime("%H:%M")),
        st.sampled_from(["24:00", "14h30", "2:5", "14:30:00", "-1:00", "", "٠٩:٣٠"]),
        nasty_text(),
    )


@FUZZ
@given(
    who=st.sampled_from(WHO),
    action=st.sampled_from(["prevoir", "{id}/modifier", "{id}/compte-rendu", "{id}/annuler"]),
    meeting=st.sampled_from(["planned", 10**6]),
    data=form(
        held_on=dates(),
        start_time=times(),
        format=choice(*MEETING_FORMATS),
        place=nasty_text(),
        expected=nasty_text(),
        duration_minutes=numbers(),
        participants=nasty_text(),
        volunteer_hours=numbers(),
        summary=nasty_text(),
        next_meeting_on=dates(),
        reason=nasty_text(),
        version=st.one_of(st.just("1"), numbers()),
    ),
)
def test_pairing_planning_forms(app, client, world, sign_in, who, action, meeting, data):
    sign_in(getattr(world, who))
    meeting_id = world.planned_followup if meeting == "planned" else meeting
    url = f"/parrainages/{world.active}/rencontres/{action.format(id=meeting_id)}"
    response = post_and_check(app, client, url, data)
    assert response.status_code in (302, 400, 403, 404, 409, 422)


@FUZZ
@given(
    who=st.sampled_from(WHO),
    action=st.sampled_from(["prevoir", "{id}/modifier", "{id}/compte-rendu", "{id}/annuler"]),
    data=st.data(),
)
def test_group_planning_forms(app, client, world, sign_in, who, action, data):
    sign_in(getattr(world, who))
    body = data.draw(
        form(
            held_on=dates(),
            start_time=times(),
            duration_minutes=numbers(),
            kind=choice(*MEETING_KINDS),
            title=nasty_text(),
            host_id=ids(*world.org_ids),
            place=nasty_text(),
            expected_ids=several(ids(*world.org_ids), 6),
            participant_ids=several(ids(*world.org_ids), 6),
            other_participants=nasty_text(),
            topics=nasty_text(),
            volunteer_hours=numbers(),
            reason=nasty_text(),
            version=st.one_of(st.just("1"), numbers()),
        )
    )
    url = f"/groupes/{world.group}/rencontres/{action.format(id=world.planned_meeting)}"
    response = post_and_check(app, client, url, body)
    assert response.status_code in (302, 400, 403, 404, 409, 422)
