"""Uploaded files waiting for the coordinator's confirmation (``instance/imports/``).

Between the preview and the confirmation the file stays on the server: the browser gets
only a random token (256 bits), never the file, so nothing is uploaded twice and nothing
the browser sends back can change what is imported. A pending file belongs to the user
who uploaded it, lives :data:`LIFETIME` at most, and is deleted once confirmed or
cancelled; the fingerprint of the plan that was shown goes with it, so that the
confirmation applies that plan or none (see :attr:`.services.ImportPlan.digest`).
"""

import contextlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

__all__ = [
    "LIFETIME_MINUTES",
    "Pending",
    "claim",
    "discard",
    "in_progress",
    "release",
    "save",
]

LIFETIME_MINUTES = 30
_LIFETIME = LIFETIME_MINUTES * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class Pending:
    token: str
    data: bytes
    filename: str
    digest: str


def _folder() -> Path:
    """``instance/imports``, or the ``IMPORT_PENDING_FOLDER`` setting (the tests' own)."""
    configured = current_app.config.get("IMPORT_PENDING_FOLDER")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _write(path: Path, content: bytes) -> None:
    """Readable by the owner only, and whole or absent (written aside, then renamed)."""
    partial = path.with_name(path.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    os.replace(partial, path)


def _purge(folder: Path, now: float) -> None:
    """Delete what has outlived its life (a preview nobody confirmed)."""
    for path in folder.iterdir():
        try:
            if now - path.stat().st_mtime > _LIFETIME:
                path.unlink()
        except FileNotFoundError:
            pass  # another worker purged it first


def save(data: bytes, user_id: int, filename: str, digest: str) -> str:
    """Keep ``data`` for its uploader; return the token that names it."""
    folder = _folder()
    now = time.time()
    _purge(folder, now)
    token = secrets.token_urlsafe(32)
    meta = {"user": user_id, "filename": filename, "digest": digest, "saved": now}
    _write(folder / f"{token}.bin", data)
    _write(folder / f"{token}.json", json.dumps(meta).encode())
    return token


def _valid(token) -> bool:
    return isinstance(token, str) and bool(_TOKEN.fullmatch(token))


def _read(folder: Path, token: str, meta_suffix: str, user_id: int) -> Pending | None:
    try:
        meta = json.loads((folder / f"{token}{meta_suffix}").read_text())
        data = (folder / f"{token}.bin").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user") != user_id or time.time() - meta.get("saved", 0) > _LIFETIME:
        return None
    return Pending(token, data, meta.get("filename", ""), meta.get("digest", ""))


def claim(token: str, user_id: int) -> Pending | None:
    """Take the pending file to import it, once: of two confirmations sent together (a
    double click, two tabs), the first gets it and the other None (:func:`in_progress`
    says why), so that the file is never applied twice. The claimed file is then the
    caller's: :func:`discard` once imported, :func:`release` to let it be confirmed again."""
    if not _valid(token):
        return None
    folder = _folder()
    try:
        os.rename(folder / f"{token}.json", folder / f"{token}.claimed")  # atomic: one wins
    except OSError:
        return None
    kept = _read(folder, token, ".claimed", user_id)
    if kept is None:
        release(token)  # not this user's, or expired: left as it was
    return kept


def in_progress(token: str) -> bool:
    """Whether the file of ``token`` is being (or was just) imported by another request."""
    return _valid(token) and (_folder() / f"{token}.claimed").exists()


def release(token: str) -> None:
    """Give a claimed file back (its import was refused): it can be confirmed again."""
    if _valid(token):
        folder = _folder()
        with contextlib.suppress(OSError):  # purged meanwhile
            os.rename(folder / f"{token}.claimed", folder / f"{token}.json")


def discard(token: str) -> None:
    if _valid(token):
        folder = _folder()
        for suffix in (".bin", ".json", ".claimed"):
            (folder / f"{token}{suffix}").unlink(missing_ok=True)
