"""Fixtures of the web tests.

Why ``make`` is redefined here: the root ``make`` keeps an application context open for the
whole test, and Flask reuses an open context for every test-client request, so the test and
the requests share ``g`` and ``db.session`` (the root client now forgets Flask-Login's user
between requests, but the session and its identity map are still shared). Here each factory
call runs in its own short context and returns a detached row whose columns stay readable,
database checks use ``in_db()`` the same way, and every request runs in its own context as
in production.
"""

import functools
from contextlib import contextmanager

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry
from tests.conftest import TEST_PASSWORD, login
from tests.factories import Factory
from tests.web.helpers import use_cheap_password_hashing


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


class DetachedFactory:
    """The root factories, each call in its own app context, returning detached rows."""

    def __init__(self, app):
        self._app = app
        self._factory = Factory(TEST_PASSWORD)

    def __getattr__(self, name):
        getattr(self._factory, name)  # AttributeError for unknown factories
        return functools.partial(self._call, name)

    def _call(self, factory_name, /, *args, **kwargs):  # "name" may be a row's field
        with self._app.app_context():
            args = [self._attach(value) for value in args]
            kwargs = {key: self._attach(value) for key, value in kwargs.items()}
            row = getattr(self._factory, factory_name)(*args, **kwargs)
            db.session.refresh(row)
            db.session.expunge(row)
            return row

    @staticmethod
    def _attach(value):
        if isinstance(value, db.Model):
            return db.session.get(type(value), value.id)
        return value


@pytest.fixture
def make(app):
    return DetachedFactory(app)


@pytest.fixture
def in_db(app):
    """``with in_db() as session:`` reads or changes rows outside any request."""

    @contextmanager
    def _session():
        with app.app_context():
            yield db.session

    return _session


@pytest.fixture
def reload(in_db):
    """``reload(Model, id)``: a fresh, detached copy of a row, read outside any request."""

    def _reload(model, row_id):
        with in_db() as session:
            row = session.get(model, row_id)
            if row is not None:
                session.expunge(row)
            return row

    return _reload


@pytest.fixture
def new_client(app):
    """Another browser: ``new_client(user)`` is logged in as ``user``; ``new_client()`` not."""

    def _new(user=None):
        browser = app.test_client()
        if user is not None:
            response = login(browser, user.email)
            assert response.status_code == 302, response.get_data(as_text=True)
        return browser

    return _new


@pytest.fixture
def audit_actions(in_db):
    """The actions of the audit trail, oldest first."""

    def _actions(object_type=None):
        with in_db() as session:
            query = db.select(AuditEntry).order_by(AuditEntry.id)
            if object_type:
                query = query.filter_by(object_type=object_type)
            return [entry.action for entry in session.scalars(query)]

    return _actions
