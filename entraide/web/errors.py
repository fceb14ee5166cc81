"""French error pages; JSON errors for the API; the one answer to a service's UserError
and to a change another request made at the same moment."""

import logging

from flask import Flask, g, jsonify, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from ..core.dberrors import is_busy, is_concurrent_change
from ..core.errors import UserError
from ..core.extensions import db
from ..core.sqlite import reads_only_from_now
from .forms import MAX_ROW_ID

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Requête invalide", "La requête n'a pas pu être comprise."),
    403: ("Accès refusé", "Vous n'avez pas accès à cette page."),
    404: ("Page introuvable", "Cette page n'existe pas ou n'est pas accessible."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible ici."),
    413: ("Fichier trop volumineux", "Le fichier ou le formulaire envoyé est trop volumineux."),
    422: ("Données invalides", "Les données envoyées ne sont pas valides."),
    429: ("Trop de tentatives", "Trop de tentatives : réessayez dans quelques minutes."),
    500: ("Erreur interne", "Une erreur inattendue s'est produite ; elle a été enregistrée."),
    503: (
        "Service très sollicité",
        "Le service est très sollicité en ce moment : rien n'a été enregistré. "
        "Réessayez dans quelques secondes.",
    ),
}
# Seconds a client should wait when SQLite's writer was busy for longer than busy_timeout.
BUSY_RETRY_AFTER = 5
# Query-string names of the pagers' page numbers ("carnet": the pairing page's booklet).
PAGE_ARGS = ("page", "opage", "carnet", "besoins")
_BACK = "refusal_back"
NUL_MESSAGE = "La requête contient un caractère nul (invisible) : retirez-le et recommencez."
# A constraint, a row version or PostgreSQL refused the write because another request
# changed the same thing first (the features say it better where they can). The page
# adds "Rien n'a été enregistré."; the API says it in the message.
CONFLICT_MESSAGE = (
    "Quelqu'un a fait la même chose au même moment. Vérifiez la situation et recommencez si besoin."
)
API_CONFLICT_MESSAGE = (
    "Quelqu'un a fait la même chose au même moment : rien n'a été enregistré. "
    "Vérifiez la situation et recommencez si besoin."
)


def _render(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, (f"Erreur {code}", "Une erreur s'est produite."))
    if request.path.startswith("/api/"):
        return jsonify({"error": {"status": code, "message": detail or message}}), code
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def _carries_nul() -> bool:
    if "\x00" in request.path:
        return True
    sources = [request.args]
    if request.method in ("POST", "PUT", "PATCH"):
        sources.append(request.form)
    return any("\x00" in key + value for source in sources for key, value in source.items(True))


def register_error_handlers(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        # PostgreSQL cannot store or compare U+0000 in text (500 at the first query): refuse
        # it here, in French, before any form or query sees it.
        if _carries_nul():
            return _render(400, NUL_MESSAGE)
        # ?page=10**20 reaches paginate's OFFSET: "bigint out of range" on PostgreSQL, an
        # OverflowError on SQLite. The API checks its own page numbers (JSON 400).
        if request.path.startswith("/api/"):
            return None
        for name in PAGE_ARGS:
            number = request.args.get(name, type=int)
            if number is not None and abs(number) > MAX_ROW_ID:
                return _render(404)
        return None

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400, "Le formulaire a expiré ou n'est pas valide : rechargez la page et recommencez."
        )

    @app.errorhandler(UserError)
    def user_error(error: UserError):
        # A service said no: nothing it did is kept, the person reads why and goes back.
        if error.status == 403:  # not theirs to do: the access error page, saying why
            db.session.rollback()
            return _render(403, str(error))
        return refused(str(error), g.get(_BACK) or url_for("main.home"), error.status)

    @app.errorhandler(IntegrityError)
    @app.errorhandler(StaleDataError)
    @app.errorhandler(OperationalError)
    def concurrent_change(error: Exception):
        # Raised by the view's commit, or by an autoflush inside a service before it.
        if is_busy(error):
            # SQLite waited busy_timeout for another writer: nothing was written. The page
            # itself must not queue for the lock again.
            db.session.rollback()
            reads_only_from_now()
            log.warning("Database busy on %s %s: %s", request.method, request.path, error)
            body, code = _render(503)
            return body, code, {"Retry-After": str(BUSY_RETRY_AFTER)}
        if not is_concurrent_change(error):
            return unexpected_error(error)
        db.session.rollback()
        log.warning("Concurrent change refused on %s %s: %s", request.method, request.path, error)
        if request.path.startswith("/api/"):
            return _render(409, API_CONFLICT_MESSAGE)
        return refused(CONFLICT_MESSAGE, g.get(_BACK) or url_for("main.home"))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        body, code = _render(error.code or 500)
        # Keep what the exception says besides its body: Allow on a 405, Retry-After…
        extra = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return body, code, extra

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return _render(500)


def back_to(url: str) -> str:
    """Name the page an "Action impossible" answer of this request links back to."""
    setattr(g, _BACK, url)
    return url


def refused(message: str, back: str, status: int = 409):
    """The shared "Action impossible" page: a workflow rule said no; nothing is written."""
    db.session.rollback()
    return render_template("refused.html", message=message, back=back), status
