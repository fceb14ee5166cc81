"""The HTTP answer carrying an iCalendar file (a meeting's download, a feed)."""

from flask import Response

CONTENT_TYPE = "text/calendar; charset=utf-8"


def ics_response(ics: bytes, filename: str | None = None) -> Response:
    """``filename``: offered as a download (a meeting's .ics); None: shown inline (a feed,
    which calendar applications read)."""
    response = Response(ics, content_type=CONTENT_TYPE)
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
