"""The funder reads every page it can reach, the PDF (its text), the XLSX and each CSV, and
finds no follow-up text (meeting summaries, objectives, answers, evaluation comments), no
testimony that its organisations did not approve, and no name of an organisation that
asked to stay unnamed beside the testimony it approved.

``test_the_crawl_sees_an_unapproved_testimony`` shows the crawl fails when a testimony
reaches the funder without approval (what the report did before approvals existed).
"""

import io
import re
import zipfile
from collections import deque
from datetime import date
from html import unescape
from urllib.parse import urljoin, urlsplit

import openpyxl
import pytest
from pypdf import PdfReader

from entraide.core.extensions import db
from entraide.followups import services as followups
from entraide.models import HelpAnswer, HelpRequest, HighlightApproval
from entraide.pairings import services as pairings
from entraide.reports import services as reports
from entraide.testimonies import queries as testimony_queries
from entraide.testimonies import services as testimonies
from tests.reports.test_web import PRIVATE

YEAR = date.today().year
OBJECTIVES = "OBJECTIF-PRIVE-2210 sortir du rouge"
ANSWER = "REPONSE-PRIVEE-3391 voici nos statuts"
EVALUATION = "EVALUATION-PRIVEE-4470 la marraine nous a sauvés"
PENDING = "TEMOIGNAGE-EN-ATTENTE Jeune Pousse a appris de Vieux Chêne"
REFUSED = "TEMOIGNAGE-REFUSE Vieux Chêne a douté de Jeune Pousse"
EDITED = "TEMOIGNAGE-MODIFIE Jeune Pousse et Vieux Chêne"
ANONYMOUS = "TEMOIGNAGE-ANONYME : Jeune Pousse remercie Vieux Chêne."
SHOWN_ANONYMOUS = "TEMOIGNAGE-ANONYME : une jeune SCIC de Lens-Hénin remercie Vieux Chêne."
SECRETS = [*PRIVATE, OBJECTIVES, ANSWER, EVALUATION, "TEMOIGNAGE-EN-ATTENTE"]
SECRETS += ["TEMOIGNAGE-REFUSE", "TEMOIGNAGE-MODIFIE"]
FILES = ("pdf", "xlsx", "csv")
MAX_PAGES = 150


def _testimony(network, quote: str, answers: dict[str, str]):
    """A testimony from the parrainage's first meeting, answered by its two SCICs."""
    followup = network["pairing"].followups[-1]
    highlight = reports.add_highlight(
        network["coordinator"], YEAR, quote, source_type="followup", source_id=followup.id
    )
    for side, status in answers.items():
        approval = db.session.scalar(
            db.select(HighlightApproval).filter_by(
                highlight_id=highlight.id, organisation_id=network[side].id
            )
        )
        testimonies.answer(approval, None, status, approval.text_digest)
    db.session.commit()
    return highlight


@pytest.fixture
def secrets_world(network):
    """Follow-up texts of every kind, and testimonies in every state."""
    pairing = network["pairing"]
    pairing.objectives = OBJECTIVES
    request_id = db.session.scalar(db.select(HelpRequest.id))  # the network's one call
    fragile = network["fragile"].id
    db.session.add(HelpAnswer(request_id=request_id, organisation_id=fragile, message=ANSWER))
    pairings.complete(pairing, network["coordinator"])
    followups.evaluate(pairing, None, network["mentee"], satisfaction=5, what_helped=EVALUATION)
    db.session.commit()
    _testimony(network, PENDING, {"mentor": "approved"})
    _testimony(network, REFUSED, {"mentee": "approved", "mentor": "refused"})
    _testimony(network, ANONYMOUS, {"mentee": "approved_anonymous", "mentor": "approved"})
    edited = _testimony(network, EDITED, {"mentee": "approved", "mentor": "approved"})
    reports.update_highlight(network["coordinator"], edited, EDITED + " (corrigé)")
    db.session.commit()
    return network


# --- The crawl --------------------------------------------------------------------------


def _links(html: str, base: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        url = urljoin(base, unescape(href))
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or parts.path.startswith("/static/"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _xlsx_rows(data: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [
        " ".join(str(value) for value in row if value is not None)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
    ]


def crawl(client) -> dict[str, tuple[str, str]]:
    """Every page and file the funder reaches from the home page: url -> (kind, text)."""
    seen: dict[str, tuple[str, str]] = {}
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url, follow_redirects=True)
        mimetype = response.mimetype
        if mimetype == "application/pdf":
            seen[url] = ("pdf", _pdf_text(response.get_data()))
        elif mimetype.endswith("spreadsheetml.sheet"):
            seen[url] = ("xlsx", "\n".join(_xlsx_rows(response.get_data())))
        elif mimetype == "application/zip":
            archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
            seen[url] = (
                "zip",
                "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist()),
            )
        elif mimetype == "text/csv":
            seen[url] = ("csv", response.get_data().decode("utf-8-sig"))
        else:
            html = response.get_data(as_text=True)
            seen[url] = ("html", html)
            queue.extend(link for link in _links(html, url) if link not in seen)
    return seen


def _testimony_blocks(kind: str, text: str) -> list[str]:
    """Where testimonies stand in a page or file: each one with its surroundings."""
    if kind == "html":
        return re.findall(r'<figure class="temoignage">.*?</figure>', text, re.S)
    if kind == "pdf":  # the qualitative section, up to the support mention at the end
        return re.findall(r"Bilan qualitatif.*?(?:Mon Département –|$)", text, re.S)
    return [line for line in text.splitlines() if "TEMOIGNAGE" in line]


def leaks(pages: dict[str, tuple[str, str]]) -> list[str]:
    problems = []
    for url, (kind, text) in pages.items():
        problems += [f"{url} ({kind}): {secret}" for secret in SECRETS if secret in text]
        for block in _testimony_blocks(kind, text):
            if "Jeune Pousse" in block:  # it approved without its name
                problems.append(f"{url} ({kind}): Jeune Pousse named beside its testimony")
    return problems


def test_the_funder_reads_no_follow_up_text_nor_unapproved_testimony(secrets_world, login_as):
    pages = crawl(login_as(secrets_world["viewer"]))
    kinds = {kind for kind, _ in pages.values()}
    assert kinds == {"html", "pdf", "xlsx", "csv", "zip"}, "the crawl reached every kind of file"
    csv_tables = [url for url, (kind, _) in pages.items() if kind == "csv"]
    assert len(csv_tables) >= 15  # each table of the dashboard, as CSV
    assert leaks(pages) == []
    # What the funder does read: the approved testimony, its anonymous side described.
    dashboard = next(text for url, (_, text) in pages.items() if url.startswith("/tableau"))
    assert SHOWN_ANONYMOUS in dashboard
    pdf = next(text for kind, text in pages.values() if kind == "pdf")
    assert "TEMOIGNAGE-ANONYME" in pdf and "une jeune SCIC de Lens-" in pdf
    # The spreadsheet's and the zip's testimonies: the approved one, as the funder reads it.
    for kind in ("xlsx", "zip"):
        text = next(text for k, text in pages.values() if k == kind)
        assert "une jeune SCIC de Lens-" in text, kind
    # Counts of help given and received, never a balance.
    assert all("Solde" not in text for _, text in pages.values())


def test_the_crawl_sees_an_unapproved_testimony(secrets_world, login_as, monkeypatch):
    """As before approvals existed: every selected testimony shown as it was written."""

    def unfiltered(year):
        return [
            testimony_queries.Shown(review.highlight.quote, review.highlight.title)
            for review in testimony_queries.reviews(year)
        ]

    monkeypatch.setattr(testimony_queries, "shown", unfiltered)
    found = leaks(crawl(login_as(secrets_world["viewer"])))
    assert any("(html): TEMOIGNAGE-EN-ATTENTE" in problem for problem in found)
    assert any("(pdf): TEMOIGNAGE-REFUSE" in problem for problem in found)
    assert any("(xlsx): TEMOIGNAGE-REFUSE" in problem for problem in found)
    assert any("(zip): TEMOIGNAGE-REFUSE" in problem for problem in found)
    assert any("Jeune Pousse named beside its testimony" in problem for problem in found)
