"""The commune -> territory table: one commune, an uploaded file, its confirmation, reset."""

import io

from hypothesis import example, given
from hypothesis import strategies as st

from .checks import assert_safe, post_and_check, snapshot
from .conftest import FUZZ
from .strategies import PAYLOADS, choice, form, nasty_text

PAGE = "/rapprochement/territoires"
TERRITORIES = ("Arrageois", "Artois", "Lens-Hénin", "lens henin", "Flandre", "")
COMMUNES = ("Arras", "62041", "Lens (62300)", "Boulogne", "Lille", "59350", "Saint Omer")
# Lines of a table: good and bad communes and territories, odd cells.
CELLS = st.one_of(
    st.sampled_from(COMMUNES + TERRITORIES + PAYLOADS), st.text(max_size=20), nasty_text()
)


@FUZZ
@example(data={"commune": "Arras", "territory": "Artois"})
@example(data={"commune": "62041", "territory": "Flandre"})
@example(data={"commune": "A" * 5000, "territory": "Artois"})
@given(data=form(commune=choice(*COMMUNES), territory=choice(*TERRITORIES)))
def test_one_commune(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    response = post_and_check(app, client, PAGE + "/commune", data)
    assert response.status_code in (302, 400, 422)


@FUZZ
@example(lines=[["62041", "Artois"]], header="insee;territoire", encoding="utf-8", mode="patch")
@example(lines=[["Liévin", "artois"]], header="commune;territoire", encoding="cp1252", mode="x")
@example(lines=[['"', "a;b"]], header="insee;territoire", encoding="utf-8", mode="replace")
@given(
    lines=st.lists(st.lists(CELLS, min_size=0, max_size=4), max_size=12),
    header=st.sampled_from(
        ["insee;territoire", "commune,territoire", "insee;commune;territoire", "x;y", ""]
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
    mode=choice("patch", "replace"),
)
def test_a_file_is_checked_and_writes_nothing(
    app, client, world, sign_in, lines, header, encoding, mode
):
    """Checking a file never writes, whatever it holds; a bad one is refused in French."""
    sign_in(world.coordinator)
    delimiter = "," if "," in header else ";"
    text = "\n".join([header] + [delimiter.join(cells) for cells in lines])
    content = text.encode(encoding, errors="replace")
    before = snapshot(app)
    response = client.post(
        PAGE + "/fichier",
        data={"file": (io.BytesIO(content), "t.csv"), "mode": mode},
        content_type="multipart/form-data",
    )
    assert_safe(app, response, before)
    assert response.status_code in (200, 400, 422)
    assert snapshot(app) == before


@FUZZ
@example(data={"table": "62041;Artois", "mode": "patch"})
@example(data={"table": "62041;Artois\n62041;Arrageois", "mode": "replace"})
@example(data={"table": "insee;territoire\n62041;Artois", "mode": "patch"})
@given(
    data=form(
        table=st.lists(
            st.tuples(CELLS, st.sampled_from(TERRITORIES)).map(";".join), max_size=6
        ).map("\n".join)
        | nasty_text(),
        mode=choice("patch", "replace"),
    )
)
def test_the_confirmation_is_checked_again(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    response = post_and_check(app, client, PAGE + "/fichier/appliquer", data)
    assert response.status_code in (302, 400, 422)


@FUZZ
@given(data=form(submit=nasty_text(), other=nasty_text()))
def test_reset(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    response = post_and_check(app, client, PAGE + "/reinitialiser", data)
    assert response.status_code in (302, 400, 422)
