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


def on_starting(server):
    """Refuse to start when rate limits would be counted in each worker's own memory.

    With N workers and ``memory://`` storage an attacker gets N times every limit (47 bad
    logins a minute instead of 10 with 5 workers): the shared counter is Redis.
    """
    from wsgi import app

    storage = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    limited = app.config.get("RATELIMIT_ENABLED", True)
    if limited and server.cfg.workers > 1 and storage.startswith("memory://"):
        message = (
            f"Entraide refuse de démarrer : {server.cfg.workers} processus compteraient "
            "chacun leurs limites de tentatives en mémoire. Définissez "
            "RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 (voir le README, Production), "
            "ou lancez un seul processus (--workers 1)."
        )
        server.log.error(message)
        raise SystemExit(message)


def post_fork(server, worker):
    """Each worker opens its own database connections, never the master's."""
    from entraide.core.extensions import db
    from wsgi import app

    with app.app_context():
        for engine in db.engines.values():
            # close=False: leave the master's connections (if any) to the master.
            engine.dispose(close=False)
