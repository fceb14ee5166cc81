"""``GET /healthz``: JSON for a load balancer or systemd, without login or personal data."""

import os
from datetime import timedelta

import pytest

from entraide.app import create_app
from entraide.core.extensions import db
from entraide.models._base import utcnow
from entraide.outbox import services
from tests.conftest import build_sqlite_app

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_healthy_with_the_outbox_backlog(app, client):
    with app.app_context():
        old, new, failed, sent = (
            services.queue([f"{name}@exemple.fr"], "reminder", "Relance", "Corps")[0]
            for name in ("ancienne", "nouvelle", "echec", "partie")
        )
        old.created_at = utcnow() - timedelta(minutes=20)
        failed.status, sent.status = "failed", "sent"
        db.session.commit()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    body = response.get_json()
    backlog = body.pop("outbox")
    assert body == {"status": "ok", "database": "ok", "redis": "not configured"}
    assert backlog["waiting"] == 2 and backlog["failed"] == 1
    assert 1200 <= backlog["oldest_waiting_seconds"] < 1300
    assert "exemple.fr" not in response.get_data(as_text=True)  # no personal data


def test_an_empty_outbox(client):
    assert client.get("/healthz").get_json()["outbox"] == {
        "waiting": 0,
        "failed": 0,
        "oldest_waiting_seconds": None,
    }


def test_an_unreachable_database_answers_503(tmp_path):
    missing = tmp_path / "nowhere" / "entraide.sqlite3"  # its folder does not exist
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}",
            "SECRET_KEY": "tests-only-secret",
            "RATELIMIT_ENABLED": False,
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "error",
        "database": "unreachable",
        "redis": "not configured",
        "outbox": None,
    }
    with app.app_context():
        db.engine.dispose()


def test_an_unreachable_redis_answers_503(tmp_path):
    app = build_sqlite_app(
        tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0"
    )
    try:
        response = app.test_client().get("/healthz")
    finally:
        with app.app_context():
            db.engine.dispose()
    assert response.status_code == 503
    body = response.get_json()
    assert (body["status"], body["database"], body["redis"]) == ("error", "ok", "unreachable")


def test_a_reachable_redis(tmp_path):
    import redis

    probe = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        probe.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is unreachable at {REDIS_URL}")
    finally:
        probe.close()
    app = build_sqlite_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=REDIS_URL)
    try:
        response = app.test_client().get("/healthz")
    finally:
        with app.app_context():
            db.engine.dispose()
    assert response.status_code == 200
    assert response.get_json()["redis"] == "ok"
