"""Per-view upload limits: a view that takes files may accept more than ``MAX_CONTENT_LENGTH``.

The limit must be known before anything reads the body, and CSRF protection reads the form
in the app's first ``before_request``: so the request itself asks its view for its limit.
"""

from flask import Request, current_app


def upload_limit(max_bytes: int):
    """Let this view's requests carry up to ``max_bytes`` (put right under ``@bp.route``)."""

    def decorator(view):
        view.upload_limit = max_bytes
        return view

    return decorator


class UploadRequest(Request):
    """A request whose body limit is its view's ``upload_limit``, else the app's setting."""

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and current_app and self.endpoint:
            view = current_app.view_functions.get(self.endpoint)
            limit = getattr(view, "upload_limit", None)
            if limit is not None:
                return limit
        return Request.max_content_length.fget(self)

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value
