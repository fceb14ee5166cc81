"""Configuration defaults and the layering that builds the final config.

Layers, later wins: these defaults, ``instance/config.py`` (optional, git-ignored),
environment variables, then the mapping given to ``create_app`` (tests).
Secrets never live in the code: ``SECRET_KEY`` comes from the environment or is
generated once into ``instance/secret_key`` with 0600 permissions.
"""

import os
import secrets
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..text import LOCAL_TZ

DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": 3600 * 8,
    "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    # 12 hours from the login, not from the last request (auth/sessions.py).
    "PERMANENT_SESSION_LIFETIME": 3600 * 12,
    "SESSION_REFRESH_EACH_REQUEST": False,
    # Mail: SMTP when MAIL_SERVER is set, otherwise messages go to the log.
    "MAIL_SERVER": "",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_DEFAULT_SENDER": "Entraide SCIC 62 <entraide@localhost>",
    "MAIL_TIMEOUT": 10,
    # The outbox worker (flask outbox worker): seconds between two looks at the outbox,
    # mails per SMTP connection, how long a claimed mail stays its worker's (a worker
    # that dies leaves its mails to the others after that), the delays in seconds before
    # each new try (after the last one the mail is "failed"), and how many days sent and
    # failed mails stay listed before `flask purge` or the worker deletes them.
    "OUTBOX_POLL_SECONDS": 5,
    "OUTBOX_BATCH_SIZE": 20,
    "OUTBOX_LEASE_SECONDS": 600,
    "OUTBOX_RETRY_DELAYS": [60, 300, 1800, 7200, 43200],
    "OUTBOX_RETENTION_DAYS": 30,
    "INVITATION_MAX_AGE": 7 * 24 * 3600,
    "PASSWORD_RESET_MAX_AGE": 2 * 3600,
    "ITEMS_PER_PAGE": 25,
    # Rate limits (Flask-Limiter), per client address. Memory storage counts per process:
    # with several gunicorn workers, set RATELIMIT_STORAGE_URI=redis://… so they share.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_KEY_PREFIX": "entraide",
    "RATELIMIT_LOGIN": "10 per minute",
    "RATELIMIT_PASSWORD_RESET": "5 per hour",
    "RATELIMIT_PASSWORD_FORMS": "10 per minute",
    "RATELIMIT_HELP_REQUESTS": "3 per hour;10 per day",
    "RATELIMIT_MAIL_ACTIONS": "30 per hour",
    # Per account: « Demander ce parrainage », and « Proposer mon aide », each.
    "RATELIMIT_SPONSOR_REQUESTS": "10 per hour;30 per day",
    # Per client address: a personal calendar feed (read a few times a day by a calendar).
    "RATELIMIT_CALENDAR_FEED": "60 per hour",
    # Number of proxies in front of the app trusted for each X-Forwarded-* header (0: off).
    "PROXY_FIX_X_FOR": 0,
    "PROXY_FIX_X_PROTO": 0,
    "PROXY_FIX_X_HOST": 0,
    "PROXY_FIX_X_PORT": 0,
    "PROXY_FIX_X_PREFIX": 0,
    # "json": one JSON object per log line (journald, collectors); "text" otherwise.
    "LOG_FORMAT": "text",
    # Audit entries older than this are deleted by `flask purge`.
    "AUDIT_RETENTION_DAYS": 365,
}

# The site's public address: every absolute link (mails) is built from it, never from the
# request's Host header. Not in DEFAULTS: the app tells a configured one from this default,
# and only a configured one restricts the accepted Host headers (see trusted_hosts).
DEFAULT_BASE_URL = "http://127.0.0.1:5000"
# Names of this machine: a BASE_URL on one of them accepts the other (dev server).
LOOPBACK_NAMES = ("localhost", "127.0.0.1")

# Environment variables read as strings, and those that are numbers or booleans.
_ENV_STRINGS = (
    "SECRET_KEY",
    "MAIL_SERVER",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER",
    "BASE_URL",
    "RATELIMIT_STORAGE_URI",
    "RATELIMIT_LOGIN",
    "RATELIMIT_PASSWORD_RESET",
    "RATELIMIT_PASSWORD_FORMS",
    "RATELIMIT_HELP_REQUESTS",
    "RATELIMIT_MAIL_ACTIONS",
    "RATELIMIT_SPONSOR_REQUESTS",
    "RATELIMIT_CALENDAR_FEED",
    "LOG_FORMAT",
)
_ENV_INTS = (
    "MAIL_PORT",
    "MAIL_TIMEOUT",
    "MAX_CONTENT_LENGTH",
    "PROXY_FIX_X_FOR",
    "PROXY_FIX_X_PROTO",
    "PROXY_FIX_X_HOST",
    "PROXY_FIX_X_PORT",
    "PROXY_FIX_X_PREFIX",
    "AUDIT_RETENTION_DAYS",
    "OUTBOX_POLL_SECONDS",
    "OUTBOX_BATCH_SIZE",
    "OUTBOX_LEASE_SECONDS",
    "OUTBOX_RETENTION_DAYS",
)
_ENV_BOOLS = ("MAIL_USE_TLS", "MAIL_USE_SSL", "SESSION_COOKIE_SECURE", "RATELIMIT_ENABLED")


def from_environment(environ=os.environ) -> dict:
    """Return the settings given by environment variables."""
    settings: dict = {}
    for name in _ENV_STRINGS:
        if environ.get(name):
            settings[name] = environ[name]
    for name in _ENV_INTS:
        if environ.get(name):
            settings[name] = int(environ[name])
    for name in _ENV_BOOLS:
        if environ.get(name):
            settings[name] = environ[name].strip().lower() in ("1", "true", "yes", "on")
    if environ.get("OUTBOX_RETRY_DELAYS"):
        # "60,300,1800": seconds before the second, third… try.
        delays = environ["OUTBOX_RETRY_DELAYS"].split(",")
        settings["OUTBOX_RETRY_DELAYS"] = [int(delay) for delay in delays if delay.strip()]
    if environ.get("TRUSTED_HOSTS"):
        names = environ["TRUSTED_HOSTS"].split(",")
        settings["TRUSTED_HOSTS"] = [name.strip() for name in names if name.strip()]
    if environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(environ["DATABASE_URL"])
    return settings


def check_base_url(base_url: str) -> str:
    """Return ``base_url`` if it is an absolute http(s) address without query or fragment."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"BASE_URL must be an absolute http(s) address, got {base_url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"BASE_URL must not carry a query or a fragment, got {base_url!r}")
    return base_url


def trusted_hosts(base_url: str) -> list[str]:
    """The Host names accepted when ``base_url`` is configured: its own (any port).

    A loopback name accepts the other one too (``localhost`` for ``127.0.0.1``). Werkzeug
    cannot match IPv6 literals (``[::1]``): for those, no restriction (an empty list).
    """
    host = urlsplit(check_base_url(base_url)).hostname
    if ":" in host:
        return []
    return list(LOOPBACK_NAMES) if host in LOOPBACK_NAMES else [host]


def normalise_database_url(url: str) -> str:
    """Map the common ``postgres://`` and ``postgresql://`` forms to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def default_database_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "entraide.sqlite3")


def secure_instance_folder(instance_path: str) -> None:
    """Create the instance folder readable by its owner only, or tighten it (git makes it 0755).

    It holds the SQLite database (password hashes, session tokens) and the secret key.
    """
    path = Path(instance_path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)


def instance_secret_key(instance_path: str) -> str:
    """Read the generated secret key, creating it (mode 0600) on first use."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: two workers starting together must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def clock_is_not_paris(at: datetime) -> bool:
    """Whether this process's local clock (the ``TZ`` that ``date.today()`` reads) is off
    Paris's at the aware moment ``at``: then « today » (a parrainage's start, a meeting
    « à venir », a deadline) turns at the wrong hour."""
    return at.astimezone().utcoffset() != at.astimezone(LOCAL_TZ).utcoffset()
