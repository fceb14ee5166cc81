"""The application factory."""

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from .core import config as config_module
from .core import sqlite  # noqa: F401 - registers the SQLite connection events
from .core.extensions import csrf, db, login_manager, migrate
from .core.logs import configure_logging
from .web.forms import MAX_ROW_ID
from .web.uploads import UploadRequest

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


class RowIdConverter(IntegerConverter):
    """``<int:…>`` up to the INTEGER maximum: a larger id answers 404, not a database error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config layers, extensions, blueprints, errors, CLI."""
    if not (ROOT / "templates").is_dir():
        # The pages live beside the package (README, "Layout"): a wheel alone has none.
        raise RuntimeError(
            f"Dossier des gabarits introuvable ({ROOT / 'templates'}) : lancez l'application "
            "depuis sa copie du dépôt (pip install -e .)."
        )
    app = Flask(
        __name__,
        instance_path=os.environ.get("ENTRAIDE_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.request_class = UploadRequest  # per-view upload limits (web/uploads.py)
    _configure(app, config or {})
    app.url_map.converters["int"] = RowIdConverter  # before the blueprints add their rules
    _init_extensions(app)
    _register_blueprints(app)

    from .web.ratelimit import init_proxy_fix, init_rate_limits

    init_rate_limits(app)  # after the blueprints: it wraps their views
    init_proxy_fix(app)

    from .web.errors import register_error_handlers
    from .web.requestlog import register_request_log
    from .web.security import register_security
    from .web.templating import register_templating

    register_error_handlers(app)
    register_security(app)
    register_request_log(app)
    register_templating(app)

    from .cli import register_cli

    register_cli(app)
    return app


def _configure(app: Flask, overrides: dict) -> None:
    app.config.from_mapping(config_module.DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(config_module.from_environment())
    app.config.update(overrides)
    config_module.secure_instance_folder(app.instance_path)
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI", config_module.default_database_url(app.instance_path)
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.instance_secret_key(app.instance_path)
    if not app.debug and not app.testing:
        configure_logging(app.config.get("LOG_FORMAT", "text"))
        if config_module.clock_is_not_paris(datetime.now(UTC)):
            log.warning(
                "The server's time zone is not Europe/Paris: days start at the wrong hour "
                "(set TZ=Europe/Paris, as deploy/systemd does)"
            )
    _configure_hosts(app)


def _configure_hosts(app: Flask) -> None:
    """BASE_URL builds the links; once configured, other Host headers answer 400.

    The default BASE_URL (a fresh checkout) accepts any Host: its links point to the
    dev server anyway. TRUSTED_HOSTS, when given, wins.
    """
    configured = "BASE_URL" in app.config
    app.config.setdefault("BASE_URL", config_module.DEFAULT_BASE_URL)
    config_module.check_base_url(app.config["BASE_URL"])
    if configured and app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = config_module.trusted_hosts(app.config["BASE_URL"])
    if not configured and not app.debug and not app.testing:
        log.warning(
            "BASE_URL is not set: links in mails point to %s", config_module.DEFAULT_BASE_URL
        )


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"

    from sqlalchemy.orm import joinedload

    from .auth import sessions
    from .models import User

    @login_manager.user_loader
    def load_user(token: str):
        if sessions.expired():
            return None
        # With its organisation: every member's page names it (menu, « Qui peut m'aider ? »).
        user = db.session.execute(
            db.select(User).filter_by(session_token=token).options(joinedload(User.organisation))
        ).scalar_one_or_none()
        return user if user is not None and user.active else None


def _register_blueprints(app: Flask) -> None:
    from .actions.routes import bp as actions_bp
    from .api.routes import bp as api_bp
    from .auth.routes import bp as auth_bp
    from .branding.routes import bp as branding_bp
    from .calendars.routes import bp as calendars_bp
    from .conventions.routes import bp as conventions_bp
    from .declarations.routes import bp as declarations_bp
    from .directory.routes import bp as directory_bp
    from .followups.planning_routes import bp as followup_planning_bp
    from .followups.routes import bp as followups_bp
    from .groups.planning_routes import bp as group_planning_bp
    from .groups.routes import bp as groups_bp
    from .help_requests.routes import bp as help_requests_bp
    from .helpfinder.routes import bp as helpfinder_bp
    from .journal.routes import bp as journal_bp
    from .main.routes import bp as main_bp
    from .organisations.routes import bp as organisations_bp
    from .outbox.routes import bp as outbox_bp
    from .pairings.routes import bp as pairings_bp
    from .reports.routes import bp as reports_bp
    from .suggestions.routes import bp as suggestions_bp
    from .testimonies.routes import bp as testimonies_bp
    from .transfer.routes import bp as transfer_bp
    from .users.routes import bp as users_bp

    for blueprint in (
        main_bp,
        auth_bp,
        organisations_bp,
        declarations_bp,
        users_bp,
        suggestions_bp,
        pairings_bp,
        transfer_bp,
        groups_bp,
        group_planning_bp,
        help_requests_bp,
        helpfinder_bp,
        journal_bp,
        followups_bp,
        followup_planning_bp,
        calendars_bp,
        reports_bp,
        actions_bp,
        branding_bp,
        testimonies_bp,
        conventions_bp,
        directory_bp,
        outbox_bp,
        api_bp,
    ):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)  # GET-only and without a session: nothing to forge
