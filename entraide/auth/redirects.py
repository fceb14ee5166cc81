"""Validation of the ``next`` parameter: only paths on this site, never an open redirect."""

from urllib.parse import unquote, urlsplit


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is a local path, else None.

    Refused: absolute and scheme-relative URLs (``//host``, ``/\\host``, their
    percent-encoded forms), ``javascript:``/``data:``, userinfo, control characters.
    """
    if not target or len(target) > 512:
        return None
    decoded = unquote(unquote(target))
    for candidate in (target, decoded):
        if any(ord(char) < 0x20 or char == "\x7f" for char in candidate):
            return None
        if "\\" in candidate or not candidate.startswith("/") or candidate.startswith("//"):
            return None
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc or "@" in parts.path.split("/")[1]:
            return None
    return target
