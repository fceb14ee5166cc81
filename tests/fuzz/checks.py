"""Assertions shared by the fuzz tests: no 500, French pages, nothing written on refusal.

The database is read through a fresh connection, so only committed data counts: what a
request left behind, not what a session might still hold.
"""

import html

from sqlalchemy import select

from entraide.core.extensions import db

# WTForms' and Werkzeug's default English messages: a French user must never see them.
ENGLISH = (
    "This field is required",
    "Not a valid",
    "not a valid choice",
    "Invalid input",
    "Invalid email",
    "Invalid value",
    "Invalid Choice",
    "Field must be",
    "Number must be",
    "Traceback",
    "Internal Server Error",
    "Bad Request",
    "Request Entity Too Large",
    "Method Not Allowed",
    "Unprocessable",
)
# What a refusal shows: a field error, an alert, or the error page.
FRENCH_ERROR_MARKS = (
    'class="field-error"',
    "flash flash-error",
    'class="error-page"',
    "<h1>Lien non valide</h1>",
)


def snapshot(app) -> dict[str, list[tuple]]:
    """Every committed row of every table, in primary key order."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in db.metadata.sorted_tables
        }


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


def assert_page_is_french(response) -> str:
    """A page (not a redirect) is French HTML without English framework messages."""
    body = response.get_data(as_text=True)
    if response.status_code in (301, 302, 303) or response.mimetype != "text/html":
        return body
    assert '<html lang="fr">' in body, body[:300]
    text = html.unescape(body)
    leaked = [phrase for phrase in ENGLISH if phrase in text]
    assert not leaked, leaked
    return body


def assert_safe(app, response, before: dict, *, refusal_must_explain: bool = True) -> None:
    """Never a 500; a refusal (4xx) writes nothing and says why, in French."""
    status = response.status_code
    assert status < 500, response.get_data(as_text=True)[:2000]
    body = assert_page_is_french(response)
    if status >= 400:
        after = snapshot(app)
        assert after == before, f"{status} but written: {changed_tables(before, after)}"
        if refusal_must_explain and response.mimetype == "text/html":
            assert any(mark in body for mark in FRENCH_ERROR_MARKS), body[:2000]


def post_and_check(app, client, url: str, data, **kwargs):
    """POST ``data``; assert the answer is safe; return it."""
    before = snapshot(app)
    response = client.post(url, data=data, **kwargs)
    assert_safe(app, response, before)
    return response


def get_and_check(app, client, url: str, query):
    """GET with a query string (filter forms); assert the answer is safe; return it."""
    before = snapshot(app)
    response = client.get(url, query_string=query)
    assert_safe(app, response, before)
    assert snapshot(app) == before, "a GET wrote to the database"
    return response


def scalar(app, statement):
    """One committed value (through a fresh connection)."""
    with app.app_context(), db.engine.connect() as connection:
        return connection.execute(statement).scalar()
