"""gunicorn.conf.py refuses several workers counting rate limits each in its own memory."""

import importlib.util
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def serving(monkeypatch, app):
    """The hook imports ``wsgi.app``: give it the test app with the settings under test."""
    import sys

    monkeypatch.setitem(sys.modules, "wsgi", SimpleNamespace(app=app))

    def server(workers: int):
        return SimpleNamespace(cfg=SimpleNamespace(workers=workers), log=logging.getLogger("t"))

    return server


def test_several_workers_with_memory_storage_refuse_to_start(
    gunicorn_conf, serving, app, monkeypatch
):
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "memory://")
    with pytest.raises(SystemExit, match="RATELIMIT_STORAGE_URI"):
        gunicorn_conf.on_starting(serving(5))


@pytest.mark.parametrize(
    ("workers", "storage"), [(1, "memory://"), (5, "redis://127.0.0.1:6379/0")]
)
def test_one_worker_or_a_shared_storage_start(
    gunicorn_conf, serving, app, monkeypatch, workers, storage
):
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", storage)
    gunicorn_conf.on_starting(serving(workers))  # no exception
