"""Apps of their own for the security tests: rate limiting on, production cookies."""

import os
from pathlib import Path

import pytest

from entraide.core.extensions import db
from tests.conftest import build_sqlite_app

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def build_app(folder: Path, **settings):
    """A migrated app on its own SQLite file, CSRF off, rate limiting as ``settings`` say."""
    limits = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}
    return build_sqlite_app(folder, **{**limits, **settings})


@pytest.fixture
def new_app(tmp_path):
    """Build apps for one test; their connections are closed at the end."""
    built = []

    def _build(**settings):
        folder = tmp_path / f"app{len(built)}"
        folder.mkdir()
        app = build_app(folder, **settings)
        built.append(app)
        return app

    yield _build
    for app in built:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def redis_url():
    """The real Redis, database 15, emptied; unreachable Redis fails under CI=true."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        client.close()
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Redis is unreachable at {REDIS_URL} under CI: {error}")
        pytest.skip(f"Redis is unreachable at {REDIS_URL}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()
