"""JournalFilterForm: the audit log's filters, from the query string."""

from hypothesis import given
from hypothesis import strategies as st

from .checks import get_and_check
from .conftest import FUZZ
from .strategies import choice, dates, form, ids, numbers


@FUZZ
@given(
    query=form(
        organisation=st.one_of(choice(""), ids(1, 2)),
        kind=choice("", "organisation.create", "pairing.proposed", "famille:pairings", "famille:x"),
        actor=st.one_of(choice("", "system"), ids(1, 2)),
        start=dates(),
        end=dates(),
        page=numbers(),
    )
)
def test_journal_filter_form(app, client, world, sign_in, query):
    sign_in(world.coordinator)
    response = get_and_check(app, client, "/journal", query)
    assert response.status_code in (200, 400, 404, 422)  # 404: a page number beyond any
