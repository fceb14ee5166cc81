"""What an uploaded file is, read from its first bytes (never from its name alone).

Pure: the standard library only. A PDF starts with ``%PDF-``, a PNG with its 8-byte
signature and its IHDR chunk, a JPEG with the SOI marker and a segment marker.
"""

import re
import unicodedata
from pathlib import PurePosixPath

EXTENSIONS = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# The extension a stored file gets (its name is otherwise random).
STORED_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
NAME_MAX = 200
_PNG = b"\x89PNG\r\n\x1a\n"


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are (PDF, PNG or JPEG), or None."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(_PNG) and data[12:16] == b"IHDR":
        return "image/png"
    if len(data) > 3 and data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def announced_type(filename: str) -> str | None:
    """The type the file's name announces (its extension), or None."""
    return EXTENSIONS.get(PurePosixPath(filename.lower()).suffix)


def clean_filename(filename: str | None) -> str:
    """The uploaded name as shown and offered at download: no folder, no control character,
    at most 200 characters (the extension kept)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip(" .")
    if len(name) > NAME_MAX:
        suffix = PurePosixPath(name).suffix[:10]
        name = name[: NAME_MAX - len(suffix)] + suffix
    return name
