"""AskForm and OfferForm of « Qui peut m'aider ? » / « Qui puis-je aider ? »."""

from hypothesis import given
from hypothesis import strategies as st

from .checks import post_and_check
from .conftest import FUZZ
from .strategies import form, ids, nasty_text


@FUZZ
@given(
    who=st.sampled_from(["young_user", "other_user", "mentor_user"]),
    data=st.data(),
)
def test_ask_form(app, client, world, sign_in, who, data):
    sign_in(getattr(world, who))
    body = data.draw(
        form(
            need_id=ids(world.young_need, world.other_need),
            mentor_id=ids(world.mentor, world.other, world.young),
            message=nasty_text(),
        )
    )
    response = post_and_check(app, client, "/qui-peut-m-aider/demander", body)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@given(
    who=st.sampled_from(["young_user", "other_user", "mentor_user"]),
    data=st.data(),
)
def test_offer_form(app, client, world, sign_in, who, data):
    sign_in(getattr(world, who))
    body = data.draw(form(need_id=ids(world.young_need, world.other_need), message=nasty_text()))
    response = post_and_check(app, client, "/qui-puis-je-aider/proposer", body)
    assert response.status_code in (302, 400, 409, 422)
