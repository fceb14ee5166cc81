"""NeedForm, OfferForm and CloseNeedForm through their routes, as a member of the SCIC."""

from hypothesis import example, given
from hypothesis import strategies as st

from entraide.themes import THEMES, URGENCIES

from .checks import post_and_check, snapshot
from .conftest import FUZZ
from .strategies import choice, form, nasty_text

themes = choice(*THEMES)
need_form = form(theme=themes, text=nasty_text(), urgency=choice(*URGENCIES))
offer_form = form(theme=themes, text=nasty_text())


def _target(world, which: str) -> str:
    """Routes of the young SCIC (allowed), of another SCIC (404) or unknown ids (404)."""
    own = {
        "new_need": f"/organisations/{world.young}/besoins/nouveau",
        "edit_need": f"/besoins/{world.young_need}/modifier",
        "new_offer": f"/organisations/{world.young}/offres/nouvelle",
        "edit_offer": f"/offres/{world.young_offer}/modifier",
        "close_need": f"/besoins/{world.young_need}/clore",
    }
    other = {
        "new_need": f"/organisations/{world.other}/besoins/nouveau",
        "edit_need": f"/besoins/{world.other_need}/modifier",
        "new_offer": f"/organisations/{world.other}/offres/nouvelle",
        "edit_offer": f"/offres/{world.other_offer}/modifier",
        "close_need": f"/besoins/{world.other_need}/clore",
    }
    return own[which], other[which]


@FUZZ
@example(which="new_need", mine=True, data={"theme": "gouvernance", "text": "a\x00b"})
@given(
    which=st.sampled_from(["new_need", "edit_need"]),
    mine=st.booleans(),
    data=need_form,
)
def test_need_form(app, client, world, sign_in, which, mine, data):
    sign_in(world.young_user)
    own, other = _target(world, which)
    response = post_and_check(app, client, own if mine else other, data)
    assert response.status_code in ((302, 400, 422) if mine else (400, 404))


@FUZZ
@given(
    which=st.sampled_from(["new_offer", "edit_offer"]),
    mine=st.booleans(),
    data=offer_form,
)
def test_offer_form(app, client, world, sign_in, which, mine, data):
    sign_in(world.young_user)
    own, other = _target(world, which)
    response = post_and_check(app, client, own if mine else other, data)
    assert response.status_code in ((302, 400, 422) if mine else (400, 404))


@FUZZ
@given(mine=st.booleans(), data=form(outcome=choice("met", "withdrawn")))
def test_close_need_form(app, client, world, sign_in, mine, data):
    sign_in(world.young_user)
    own, other = _target(world, "close_need")
    response = post_and_check(app, client, own if mine else other, data)
    assert response.status_code in ((302, 400) if mine else (400, 404))


@FUZZ
@given(
    theme=st.sampled_from(list(THEMES)),
    text=st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=2000).filter(str.strip),
    urgency=st.sampled_from(list(URGENCIES)),
)
def test_need_form_accepts_good_input(app, client, world, sign_in, theme, text, urgency):
    sign_in(world.young_user)
    before = len(snapshot(app)["need"])
    data = {"theme": theme, "text": text, "urgency": urgency}
    response = client.post(f"/organisations/{world.young}/besoins/nouveau", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert len(snapshot(app)["need"]) == before + 1
