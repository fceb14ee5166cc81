"""``GET /healthz``: is this instance able to serve? For a load balancer, systemd, a container.

No login and no personal data: the database answers, Redis answers (when the rate limits
are counted there), and how many mails wait in the outbox, the oldest for how long.
"""

import logging

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..core.extensions import db
from ..models._base import utcnow
from ..outbox import services as outbox
from ..web.ratelimit import limiter_of

log = logging.getLogger(__name__)

REDIS_SCHEMES = ("redis://", "rediss://", "redis+sentinel://", "redis+cluster://", "redis+unix://")


def _database() -> tuple[bool, dict | None]:
    try:
        db.session.execute(text("SELECT 1"))
        counts = outbox.counts()
        oldest = outbox.oldest_waiting()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("health check: database unreachable", exc_info=True)
        return False, None
    finally:
        db.session.close()
    return True, {
        "waiting": counts["waiting"] + counts["sending"],
        "failed": counts["failed"],
        "oldest_waiting_seconds": (
            max(0, int((utcnow() - oldest).total_seconds())) if oldest else None
        ),
    }


def _redis() -> str:
    """ "ok", "unreachable", or "not configured" (memory counters, or no rate limits)."""
    config = current_app.config
    uri = config.get("RATELIMIT_STORAGE_URI") or ""
    limiter = limiter_of(current_app)
    if not uri.startswith(REDIS_SCHEMES) or limiter is None:
        return "not configured"
    return "ok" if limiter.storage.check() else "unreachable"


def report() -> tuple[dict, int]:
    """The JSON report and its status: 200, or 503 when the database or Redis is down."""
    database_ok, mails = _database()
    redis = _redis()
    healthy = database_ok and redis != "unreachable"
    body = {
        "status": "ok" if healthy else "error",
        "database": "ok" if database_ok else "unreachable",
        "redis": redis,
        "outbox": mails,
    }
    return body, 200 if healthy else 503
