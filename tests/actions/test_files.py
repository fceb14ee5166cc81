"""What an upload is, read from its bytes; what its name may be."""

import pytest

from entraide.actions import files
from entraide.demo.actions import demo_pdf, demo_png

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"
HTML = b"<!doctype html><script>alert(1)</script>"


@pytest.mark.parametrize(
    "data, expected",
    [
        (demo_pdf("Programme"), "application/pdf"),
        (demo_png(), "image/png"),
        (JPEG, "image/jpeg"),
        (HTML, None),
        (b"\x89PNG\r\n\x1a\n", None),  # a signature without its IHDR chunk
        (b"\xff\xd8\xff", None),
        (b"GIF89a" + b"\x00" * 20, None),
        (b"PK\x03\x04 a zip, or a .docx", None),
        (b"", None),
    ],
)
def test_sniff_reads_the_content(data, expected):
    assert files.sniff(data) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("feuille.pdf", "application/pdf"),
        ("PHOTO.JPG", "image/jpeg"),
        ("photo.jpeg", "image/jpeg"),
        ("salle.png", "image/png"),
        ("page.html", None),
        ("sans-extension", None),
        ("archive.pdf.exe", None),
    ],
)
def test_announced_type_is_the_extension(name, expected):
    assert files.announced_type(name) == expected


def test_clean_filename_keeps_no_folder_nor_control_character():
    assert files.clean_filename("C:\\Users\\moi\\émargement.pdf") == "émargement.pdf"
    assert files.clean_filename("../../etc/passwd.pdf") == "passwd.pdf"
    assert files.clean_filename("a\x00b\u202ec.pdf") == "abc.pdf"
    long = files.clean_filename("x" * 300 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")
    assert files.clean_filename(None) == ""
