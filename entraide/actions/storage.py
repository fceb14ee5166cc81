"""The documents' files under ``instance/pieces`` (or ``ACTION_FILES_FOLDER``).

A file is written under a random name, readable by its owner only, whole or absent
(written aside, then renamed). It follows its row: a file written in a transaction that
does not commit is deleted at its end, and a file whose row is deleted goes only once
the deletion is committed. So a refused or failed request leaves nothing on disk.
"""

import logging
import os
import re
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..core.extensions import db

log = logging.getLogger(__name__)

_NAME = re.compile(r"[0-9a-f]{32}\.(?:pdf|png|jpg)")
_WRITTEN = "entraide_files_written"
_TO_DELETE = "entraide_files_to_delete"


def folder() -> Path:
    configured = current_app.config.get("ACTION_FILES_FOLDER")
    path = Path(configured) if configured else Path(current_app.instance_path) / "pieces"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def path_of(stored_name: str) -> Path | None:
    """The file of a stored name, or None for a name this module never makes."""
    if not isinstance(stored_name, str) or not _NAME.fullmatch(stored_name):
        return None
    return folder() / stored_name


def save(data: bytes, extension: str) -> str:
    """Write ``data`` under a new random name; deleted again unless the transaction commits."""
    base = folder()
    name = f"{secrets.token_hex(16)}.{extension}"
    partial = base / f"{name}.part"
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(partial, base / name)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    db.session.info.setdefault(_WRITTEN, []).append(base / name)
    return name


def delete_after_commit(stored_name: str) -> None:
    path = path_of(stored_name)
    if path is not None:
        db.session.info.setdefault(_TO_DELETE, []).append(path)


def _unlink(paths) -> None:
    for path in paths or ():
        try:
            path.unlink(missing_ok=True)
        except OSError:  # the row is gone either way; an orphan file is only disk space
            log.warning("could not delete the document file %s", path.name)


@event.listens_for(Session, "after_commit")
def _committed(session) -> None:
    session.info.pop(_WRITTEN, None)  # their rows are saved: the files stay
    _unlink(session.info.pop(_TO_DELETE, None))


@event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction) -> None:
    if transaction.parent is not None:
        return  # a savepoint: the outer transaction decides
    _unlink(session.info.pop(_WRITTEN, None))  # not committed (after_commit came first)
    session.info.pop(_TO_DELETE, None)
