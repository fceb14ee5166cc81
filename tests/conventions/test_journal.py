"""The journal tells what happened to the conventions, in French sentences."""

import html
import re
from datetime import date, timedelta
from decimal import Decimal

from entraide.conventions import bookkeeping, reminders, services
from entraide.core.extensions import db
from entraide.models import AuditEntry
from tests.conventions.conftest import convention_data, line


def _journal(client) -> str:
    body = client.get("/journal").get_data(as_text=True)
    rows = body[body.find("<tbody>") : body.find("</tbody>")]
    text = html.unescape(re.sub(r"</?a\b[^>]*>", "", rows))  # links stay inside sentences
    text = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_every_change_reads_as_a_sentence(new_convention, coordinator, login_as):
    convention = new_convention(extension_before=None)
    services.update_convention(
        coordinator,
        convention,
        convention_data(extension_before=None, aid_amount=Decimal(18000)),
        convention.version,
    )
    head = line(convention, "Autres services extérieurs")
    added = bookkeeping.add_line(coordinator, convention, head.id, "Traiteur", convention.version)
    bookkeeping.save_amounts(
        coordinator,
        convention,
        {added.id: bookkeeping.LineAmounts(Decimal("635"), None, "Buffet des rencontres")},
        convention.version,
    )
    bookkeeping.remove_line(coordinator, convention, added.id, convention.version)
    db.session.commit()
    for reminder in reminders.pending(date(2025, 6, 1) - timedelta(days=30)):
        reminders.claim(reminder)
    db.session.commit()
    services.delete_convention(coordinator, convention, convention.version)
    db.session.commit()
    text = _journal(login_as(coordinator))
    for sentence in (
        "La coordination a enregistré la convention n° 2024-03658 : Renforcement de "
        "l'animation du Réseau des SCIC du Pas-de-Calais, 17 500,00 €, du 01/01/2024 au "
        "31/12/2024.",
        "La coordination a corrigé la convention n° 2024-03658.",
        "Montant de l'aide : 17 500,00 € → 18 000,00 €",
        "La coordination a ajouté la sous-ligne « Traiteur » du compte 62 au bilan financier",
        "La coordination a saisi le bilan financier de la convention n° 2024-03658 (1 ligne).",
        "Traiteur (prévisionnel) : — → 635,00 €",
        "Traiteur (explication) : — → « Buffet des rencontres »",
        "La coordination a retiré la sous-ligne « Traiteur » du compte 62",
        "Un rappel d'échéance a été envoyé à la coordination pour la convention n° 2024-03658 "
        ": bilan final à remettre le 01/06/2025 (dans 30 jours).",
        "La coordination a supprimé la convention n° 2024-03658 et son bilan financier.",
    ):
        assert " ".join(sentence.split()) in text, sentence
    assert "Référence" not in text  # only what changed is listed


def test_entries_of_the_retired_aid_setting_still_read(app_ctx, coordinator, login_as):
    """Before 0019 the aid was a setting: those entries stay readable."""
    db.session.add(
        AuditEntry(
            actor_id=coordinator.id,
            actor_role="coordinator",
            object_type="ReportAid",
            object_id=2024,
            action="report.aid",
            before=None,
            after={"year": 2024, "amount": "17500.00"},
        )
    )
    db.session.commit()
    text = _journal(login_as(coordinator))
    assert "La coordination a enregistré l'aide du Département pour 2024 : 17" in text
