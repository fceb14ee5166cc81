"""Role decorators for views, and loaders that answer 404 when access is not allowed."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..core.extensions import db


def roles_required(*roles: str):
    """Only logged-in users with one of ``roles`` may call the view (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


coordinator_required = roles_required("coordinator")


def get_visible_or_404(model, object_id: int, check: str = "can_view"):
    """Load an object and apply its ``can_*`` rule; another SCIC's data answers 404."""
    obj = db.session.get(model, object_id)
    if obj is None or not getattr(obj, check)(current_user):
        abort(404)
    return obj
