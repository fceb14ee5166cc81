"""The yearly report as PDF: WeasyPrint renders a Jinja template (charts and map as SVG)."""

import logging
from pathlib import Path

from flask import current_app, render_template

PDF_CSS = "reports/pdf.css"
# WeasyPrint logs each rendering step at INFO: noise in the CLI's output and the app log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_report_html(context: dict) -> str:
    """The HTML the PDF is made from (also what the privacy tests read)."""
    return render_template("reports/report_pdf.html", **context)


def write_pdf(context: dict) -> bytes:
    """PDF bytes; dated by the period's end so that the same data gives the same file."""
    from weasyprint import CSS, HTML  # heavy import (Pango), only when a PDF is asked for

    period = context["period"]
    stamp = period.end.isoformat()  # W3C date, as WeasyPrint reads dcterms.* meta
    html = render_report_html({**context, "pdf_stamp": stamp})
    css_path = Path(current_app.template_folder) / PDF_CSS
    document = HTML(string=html, base_url=str(css_path.parent))
    return document.write_pdf(stylesheets=[CSS(filename=str(css_path))], uncompressed_pdf=False)
