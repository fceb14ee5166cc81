"""A session ends 12 hours after the login, however active the person was meanwhile."""

import time

import pytest

from entraide.auth import sessions


@pytest.fixture
def clock(monkeypatch):
    """time.time() as seen by the session code, moved forward by the test."""
    now = [time.time()]
    monkeypatch.setattr(sessions.time, "time", lambda: now[0])
    return now


def test_activity_does_not_extend_the_session(make, client, login_as, clock):
    member = make.member()
    login_as(member)
    page = f"/organisations/{member.organisation_id}"
    for _hour in range(11):
        clock[0] += 3600
        assert client.get(page).status_code == 200  # active every hour
    clock[0] += 3600 + 1  # 12 hours and a second after the login
    response = client.get(page)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion")


def test_a_new_login_starts_a_new_12_hours(make, client, login_as, clock):
    member = make.member()
    login_as(member)
    clock[0] += 12 * 3600 + 1
    login_as(member)
    assert client.get(f"/organisations/{member.organisation_id}").status_code == 200


def test_a_session_without_login_time_is_not_accepted(make, client, login_as):
    # A cookie signed before this rule (or forged without the time) logs nobody in.
    member = make.member()
    login_as(member)
    with client.session_transaction() as session:
        del session[sessions.LOGIN_AT]
    assert client.get(f"/organisations/{member.organisation_id}").status_code == 302


def test_the_cookie_is_not_renewed_on_each_request(app):
    assert app.config["SESSION_REFRESH_EACH_REQUEST"] is False
