"""HelpRequestForm, AnswerForm, CloseForm and StatusFilterForm of the help requests."""

from hypothesis import given
from hypothesis import strategies as st

from entraide.themes import THEMES

from .checks import get_and_check, post_and_check, snapshot
from .conftest import FUZZ
from .strategies import choice, form, nasty_text


@FUZZ
@given(data=form(theme=choice(*THEMES), title=nasty_text(), text=nasty_text()))
def test_help_request_form(app, client, world, sign_in, data):
    sign_in(world.other_user)
    response = post_and_check(app, client, "/entraide/nouveau", data)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@given(request_id=st.sampled_from([0, 1, 10**6]), data=form(message=nasty_text()))
def test_answer_form(app, client, world, sign_in, request_id, data):
    sign_in(world.other_user)
    target = request_id or world.help_request
    response = post_and_check(app, client, f"/entraide/{target}/reponses", data)
    assert response.status_code in (302, 400, 404, 409, 422)


@FUZZ
@given(
    who=st.sampled_from(["young_user", "other_user", "coordinator"]),
    data=form(solved=choice("yes", "no"), note=nasty_text()),
)
def test_close_form(app, client, world, sign_in, who, data):
    sign_in(getattr(world, who))
    response = post_and_check(app, client, f"/entraide/{world.help_request}/clore", data)
    assert response.status_code in (302, 400, 403, 409, 422)


@FUZZ
@given(query=form(status=choice("open", "closed", "all"), page=nasty_text()))
def test_status_filter_form(app, client, world, sign_in, query):
    sign_in(world.coordinator)
    response = get_and_check(app, client, "/entraide/suivi", query)
    assert response.status_code in (200, 400, 404, 422)  # 404: a page number beyond any


@FUZZ
@given(
    theme=st.sampled_from(list(THEMES)),
    title=st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=200).filter(str.strip),
)
def test_help_request_accepts_good_input(app, client, world, sign_in, theme, title):
    sign_in(world.other_user)
    before = len(snapshot(app)["help_request"])
    data = {"theme": theme, "title": title, "text": "Nous avons besoin d'un coup de main."}
    response = client.post("/entraide/nouveau", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert len(snapshot(app)["help_request"]) == before + 1
