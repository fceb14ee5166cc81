"""The yearly report as PDF: WeasyPrint renders a Jinja template (charts and map as SVG)."""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template

from ..core.collector import fewer_collections

PDF_CSS = "reports/pdf.css"
# The only data: URIs read: the logo's types (branding accepts PNG and SVG).
DATA_IMAGE_TYPES = ("image/png;", "image/svg+xml;")
# WeasyPrint logs each rendering step at INFO: noise in the CLI's output and the app log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
log = logging.getLogger(__name__)


def import_renderer() -> None:
    """Import WeasyPrint ahead of the first PDF: about a second that each gunicorn worker's
    first report would otherwise pay (with ``preload_app`` the workers share the import).
    Without Debian's Pango the PDF is unavailable, as it would be without this warm-up."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # WeasyPrint raises OSError without Pango
        log.warning("PDF: WeasyPrint unavailable (%s)", error)


def render_report_html(context: dict) -> str:
    """The HTML the PDF is made from (also what the privacy tests read)."""
    return render_template("reports/report_pdf.html", **context)


def own_files_fetcher(roots: list[Path]):
    """A WeasyPrint fetcher that reads files under ``roots`` and nothing else.

    The report holds text people typed: an ``<img src="http://…">`` or ``file:///etc/…``
    that slipped through must not make the server fetch anything (SSRF, local files).
    The one exception is an image given as its own ``data:`` URI (the funder's logo, kept
    in the database and checked at upload): it reads nothing outside the page.
    """
    from weasyprint import URLFetcher

    allowed = [root.resolve() for root in roots]

    class OwnFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlsplit(url)
            if parsed.scheme == "data" and parsed.path.lower().startswith(DATA_IMAGE_TYPES):
                return super().fetch(url, headers)
            if parsed.scheme == "file" and not parsed.netloc:
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in allowed) and path.is_file():
                    return super().fetch(url, headers)
            log.warning("PDF: resource refused: %.80s", url)
            raise ValueError("Only the application's own files are read for the PDF.")

    return OwnFilesFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def write_pdf(context: dict) -> bytes:
    """PDF bytes; dated by the period's end so that the same data gives the same file."""
    from weasyprint import CSS, HTML  # heavy import (Pango), only when a PDF is asked for

    period = context["period"]
    stamp = period.end.isoformat()  # W3C date, as WeasyPrint reads dcterms.* meta
    html = render_report_html({**context, "pdf_stamp": stamp})
    css_path = Path(current_app.template_folder) / PDF_CSS
    fetcher = own_files_fetcher([css_path.parent, Path(current_app.static_folder)])
    document = HTML(string=html, base_url=str(css_path.parent), url_fetcher=fetcher)
    stylesheet = CSS(filename=str(css_path), url_fetcher=fetcher)
    with fewer_collections():
        return document.write_pdf(stylesheets=[stylesheet], uncompressed_pdf=False)
