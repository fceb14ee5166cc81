"""The actions register's forms: the action (new and edit), the list's filters, the upload
of a pièce (any name, any bytes, any announced type): never a 500, a refusal writes
nothing, neither a row nor a file."""

import io
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entraide.actions import services
from entraide.core.extensions import db
from entraide.demo.actions import demo_pdf, demo_png
from entraide.models.action import ACTION_KINDS, ACTION_STATUSES, AUDIENCES, DOCUMENT_KINDS

from .checks import assert_safe, get_and_check, post_and_check, snapshot
from .conftest import FUZZ
from .strategies import choice, dates, form, ids, nasty_text, numbers, several


@pytest.fixture
def network_action(app, world) -> int:
    with app.app_context():
        action = services.create_action(
            None,
            services.ActionData(
                axis=1,
                kind="atelier",
                title="Atelier",
                held_on=date.today() - timedelta(days=3),
                status="held",
            ),
        )
        db.session.commit()
        action_id = action.id
        db.session.remove()
    return action_id


@pytest.fixture
def pieces(app, tmp_path):
    previous = app.config.get("ACTION_FILES_FOLDER")
    app.config["ACTION_FILES_FOLDER"] = str(tmp_path / "pieces")
    yield tmp_path / "pieces"
    app.config["ACTION_FILES_FOLDER"] = previous


def _action_form(world):
    return form(
        title=nasty_text(),
        axis=choice("1", "2", "3", "4"),
        kind=choice(*ACTION_KINDS),
        status=choice(*ACTION_STATUSES),
        held_on=dates(),
        ends_on=dates(),
        commune=st.one_of(
            st.sampled_from(["Arras", "Lens (62300)", "62041", "Lille"]), nasty_text()
        ),
        place_label=nasty_text(),
        host_ids=several(ids(*world.org_ids), 4),
        outside_hosts=nasty_text(),
        partner_ids=several(ids(*world.org_ids), 4),
        outside_partners=nasty_text(),
        audience=several(choice(*AUDIENCES), 4),
        people_count=numbers(),
        organisations_count=numbers(),
        account=nasty_text(),
    )


@FUZZ
@given(data=st.data())
def test_new_action_form(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    response = post_and_check(app, client, "/actions/nouvelle", data.draw(_action_form(world)))
    assert response.status_code in (302, 400, 413, 422)


@FUZZ
@given(data=st.data())
def test_edit_action_form(app, client, world, network_action, sign_in, data):
    sign_in(world.coordinator)
    url = f"/actions/{network_action}/modifier"
    response = post_and_check(app, client, url, data.draw(_action_form(world)))
    assert response.status_code in (302, 400, 409, 413, 422)


@FUZZ
@given(
    query=form(
        axe=choice("", "1", "2", "3", "4"),
        annee=numbers(),
        statut=choice("", *ACTION_STATUSES),
        page=numbers(),
    )
)
def test_action_filter_form(app, client, world, sign_in, query):
    sign_in(world.viewer)
    response = get_and_check(app, client, "/actions", query)
    assert response.status_code in (200, 400, 404, 422)


CONTENTS = st.one_of(
    st.just(demo_pdf("x")),
    st.just(demo_png()),
    st.just(b"\xff\xd8\xff\xe0" + b"0" * 40),
    st.binary(max_size=200),
    st.sampled_from([b"", b"<html><script>alert(1)</script>", b"%PDF", b"\x89PNG\r\n\x1a\n"]),
)
NAMES = st.one_of(
    st.sampled_from(["a.pdf", "b.png", "c.jpg", "d.JPEG", "e.html", "f", ".pdf", "../../x.pdf"]),
    nasty_text().filter(
        lambda n: "\x00" not in n and '"' not in n and "\r" not in n and "\n" not in n
    ),
)


@FUZZ
@given(kind=choice(*DOCUMENT_KINDS), content=CONTENTS, name=NAMES)
def test_upload_form(app, client, world, network_action, pieces, sign_in, kind, content, name):
    sign_in(world.coordinator)
    before_files = sorted(pieces.iterdir()) if pieces.exists() else []
    before = snapshot(app)
    response = client.post(
        f"/actions/{network_action}/pieces",
        data={"kind": kind, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert_safe(app, response, before)
    after_files = sorted(pieces.iterdir()) if pieces.exists() else []
    if response.status_code >= 400:
        assert after_files == before_files, "a refused upload left a file"
    else:
        assert response.status_code == 302 and len(after_files) == len(before_files) + 1
