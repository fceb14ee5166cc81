"""The demo's 2024 report is a complete bilan final d'exécution (issue 13).

Every page of the PDF is rendered to PNG under ``test-artifacts/report-pages/`` (to look
at: the layout is not asserted here), and its text, read back, holds every part the
agreement asks for: each axis with its dated actions and its narrative, the mutual aid of
axis 1, the volunteer valuation, the financial statement's réalisé balanced and explained,
the approved testimonies (and not the refused one), the annex of pièces.
"""

import io
import re
from decimal import Decimal
from pathlib import Path

import pypdfium2
from pypdf import PdfReader

from entraide.conventions import queries as conventions
from entraide.core.extensions import db
from entraide.demo.actions import ACTIONS_2024
from entraide.demo.year_2024.texts import DEMO_AMOUNT, TESTIMONIES
from entraide.models import ActionDocument, AxisNarrative, Convention
from entraide.models.narrative import NARRATIVE_PARTS
from entraide.reports.exports import pdf_bytes
from entraide.reports.period import year_period
from entraide.testimonies import queries as testimonies

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "test-artifacts" / "report-pages"
PREFIX = "demo-2024-page-"
SCALE = 1.5  # 108 dpi: small text stays legible in the PNG


def _squeezed(text: str) -> str:
    """Without any white space: a phrase reads the same wherever the PDF broke its lines."""
    return re.sub(r"\s+", "", text)


def _number(text: str) -> Decimal:
    return Decimal(
        text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    )


def _render(data: bytes) -> list[Path]:
    """Each page as a PNG under test-artifacts/report-pages/ (the previous run's removed)."""
    PAGES.mkdir(parents=True, exist_ok=True)
    for old in PAGES.glob(f"{PREFIX}*.png"):
        old.unlink()
    written = []
    document = pypdfium2.PdfDocument(data)
    try:
        for number, page in enumerate(document, start=1):
            path = PAGES / f"{PREFIX}{number:02d}.png"
            page.render(scale=SCALE).to_pil().save(path)
            written.append(path)
    finally:
        document.close()
    return written


AMOUNT = r"-?\d{1,3}(?:[\u202f\u00a0 ]\d{3})*,\d\d"


def _row_total(text: str, label: str) -> list[Decimal | None]:
    """The cells of a statement's total row, in order (prévisionnel, réalisé, écart…):
    amounts, None for « — » (the label may be broken over lines)."""
    words = r"\s+".join(re.escape(word) for word in label.split())
    cells = rf"(?:\s*(?:{AMOUNT}\s*€|—))+"
    match = re.search(words + f"({cells})", text)
    assert match, label
    return [_number(cell) if cell != "—" else None for cell in re.findall(rf"{AMOUNT}|—", match[1])]


def test_every_page_of_the_demo_s_2024_report(demo):
    with demo.test_request_context():
        data = pdf_bytes(year_period(2024))
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    images = _render(data)
    assert len(images) == len(pages) >= 10
    for path in images:
        with path.open("rb") as file:
            assert file.read(8) == b"\x89PNG\r\n\x1a\n", path
    whole = "\n".join(pages)
    flat = _squeezed(whole)

    # Each axis: its heading, its dated actions of the register, its three narratives.
    for axis in (1, 2, 3, 4):
        assert f"Axe {axis} –" in whole
    for action in ACTIONS_2024:
        if not action.cancelled:
            assert f"{action.held_on:%d/%m/%Y}" in whole, action.title
            assert _squeezed(action.title) in flat, action.title
    narratives = db.session.scalars(db.select(AxisNarrative).filter_by(year=2024)).all()
    assert len(narratives) == 4
    for row in narratives:
        for part in NARRATIVE_PARTS:
            assert _squeezed(getattr(row, part)) in flat, (row.axis, part)
    assert "texte non rédigé" not in whole

    # Axis 1's mutual aid, the volunteer valuation.
    for label in (
        "Parrainages suivis sur la période",
        "Rencontres de parrainage",
        "Rencontres de groupe",
        "Appels à l'entraide publiés",
        "Bilans de fin de parrainage",
    ):
        count = re.search(re.escape(label) + r" (\d+)", whole)
        assert count and int(count[1]) > 0, label
    assert re.search(r"Satisfaction moyenne en fin de parrainage \(sur 5\) \d,\d", whole)
    valuation = re.search(rf"Valorisation du bénévolat \(€\) ({AMOUNT})", whole)
    assert valuation and _number(valuation[1]) > 0
    assert "Rencontres des groupes de la période" in whole

    # The financial statement: its réalisé, balanced, every écart beyond 15 % explained.
    assert "bilan provisoire" not in whole
    charges = _row_total(whole, "TOTAL DES CHARGES")
    produits = _row_total(whole, "TOTAL DES PRODUITS")
    assert len(charges) >= 2 and charges[1] == produits[1] > 0
    emplois = _row_total(whole, "TOTAL DES EMPLOIS (86)")
    ressources = _row_total(whole, "TOTAL DES CONTRIBUTIONS (87)")
    assert emplois[1] == ressources[1] == _number(valuation[1])
    assert _squeezed(DEMO_AMOUNT) in flat
    convention = db.session.execute(
        db.select(Convention).filter_by(reference="2024-03658")
    ).scalar_one()
    statement = conventions.statement_of(convention).statement
    explained = [row for row in statement.rows if row.over_threshold]
    assert explained and not statement.missing_explanations
    for row in explained:
        assert _squeezed(row.explanation) in flat, row.name

    # The testimonies the funder may read, and not the one a SCIC refused.
    shown = testimonies.shown(2024)
    assert shown
    for testimony in shown:
        assert _squeezed(testimony.quote) in flat
    for item in TESTIMONIES:
        if "refused" in item.answers.values():
            assert _squeezed(item.quote) not in flat

    # The annex lists the pièces justificatives of the year's actions.
    assert "Annexe : pièces justificatives" in whole
    documents = db.session.scalars(db.select(ActionDocument)).all()
    in_2024 = [d for d in documents if d.action.held_on.year == 2024]
    assert in_2024
    for document in in_2024:
        assert _squeezed(document.original_name) in flat, document.original_name
