"""gunicorn settings for production (read by ``gunicorn wsgi:app`` from this folder).

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import os

bind = os.environ.get("ENTRAIDE_BIND", "127.0.0.1:8000")
# Sync workers: the app is CPU-bound (pages are rendered in a few milliseconds, the
# matching engine in tens); two per core plus one keeps both cores busy while one waits
# on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# Load the app (and scikit-learn, see wsgi.py) once in the master: workers share the
# imported modules and answer their first request at full speed.
preload_app = True
timeout = 60


def when_ready(server):
    """Rate limits counted in each worker's memory let an attacker try N times the limit."""
    from wsgi import app

    storage = app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    if server.cfg.workers > 1 and storage.startswith("memory://"):
        server.log.warning(
            "Limites de tentatives comptées par processus (RATELIMIT_STORAGE_URI=%s) avec "
            "%d processus : définissez RATELIMIT_STORAGE_URI=redis://… (voir le README).",
            storage,
            server.cfg.workers,
        )


def post_fork(server, worker):
    """Each worker opens its own database connections, never the master's."""
    from entraide.core.extensions import db
    from wsgi import app

    with app.app_context():
        for engine in db.engines.values():
            # close=False: leave the master's connections (if any) to the master.
            engine.dispose(close=False)
