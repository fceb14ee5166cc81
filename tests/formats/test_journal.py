"""The journal of a lively network: every entry a French sentence, nothing raw."""

import html
import re
import time

from entraide.auth.sessions import LOGIN_AT
from entraide.core.extensions import db
from entraide.journal.labels import ACTIONS
from entraide.models import AuditEntry, User

# What a raw entry looked like: field names, JSON, codes, English states.
RAW = re.compile(
    r"\b[a-z]+_[a-z_]+\b|[\[\]{}]|\b(?:declined|completed|stopped|true|false|None)\b"
    r"|\b[a-z_]+\.[a-z_]+\b"
)


def sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True
        session[LOGIN_AT] = int(time.time())


def _rows(body: str) -> str:
    return body[body.find("<tbody>") : body.find("</tbody>")]


def _visible(fragment: str) -> str:
    """The text of an HTML fragment (tags and attributes dropped)."""
    spaced = re.sub(r"<(?:br|/td|/li|/p)\b[^>]*>", " ", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", spaced))


def test_every_action_reads_as_a_sentence(app, activity):
    with app.app_context():
        present = set(db.session.execute(db.select(AuditEntry.action).distinct()).scalars())
        coordinator = db.session.execute(
            db.select(User).filter_by(email="coordination@entraide.example")
        ).scalar_one()
        total = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    assert sorted(set(ACTIONS) - present) == [], "the activity should write every action"
    client = app.test_client()
    sign_in(client, coordinator)
    text, page = "", 1
    while True:
        response = client.get(f"/journal?page={page}")
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        text += _rows(body)
        if 'rel="next"' not in body:
            break
        page += 1
    visible = _visible(text)
    assert visible.count("Système") + visible.count("Coordination") >= 1
    assert len(re.findall(r'<p class="sentence">', text)) == total
    raw = sorted(set(RAW.findall(visible)))
    assert raw == [], raw
    # The sentences of the issue, with links to the objects.
    sentences = " ".join(visible.split())
    for expected in (
        "SCIC fictive Habitat de Lens-Hénin a accepté le parrainage de Tiers-lieu fictif de "
        "l'Artois.",
        "Tiers-lieu fictif de l'Artois a accepté d'être parrainée par SCIC fictive Habitat de "
        "Lens-Hénin.",
        "La coordination a validé le groupe « Boulonnais ».",
        "Tiers-lieu fictif de l'Artois a noté une rencontre du parrainage Tiers-lieu fictif de "
        "l'Artois – SCIC fictive Habitat de Lens-Hénin.",
        "Mobilités fictives de l'Arrageois a décliné le parrainage de Cantine fictive du "
        "Montreuillois.",
        "Le parrainage Tiers-lieu fictif de l'Artois – SCIC fictive Habitat de Lens-Hénin a "
        "commencé",
        "Une relance automatique a été envoyée pour le parrainage",
        "action « Écrire aux trois principaux fournisseurs » en retard",
        "Bénévolat : 1,5 h",
        "Organisations présentes : SCIC fictive Santé du Boulonnais et SCIC fictive des Deux Caps",
        "La coordination a renommé le groupe « Boulonnais » en « Boulonnais et Calaisis ».",
        "Sociétaires : 85 → 1 234",
        "La coordination a fixé le taux horaire du bénévolat à 25,50 €.",
        "Le système a importé la rencontre",
        "La coordination a enregistré l'action « Formation des élu·es de l'Artois » (axe 2).",
        "La coordination a joint une pièce (feuille d'émargement) à l'action",
        "Personnes présentes : — → 1 234",
        "Public : Élu·es et Technicien·nes",
        "La coordination a supprimé l'action « Saisie en double ».",
    ):
        assert expected in sentences, expected
    assert 'href="/parrainages/' in text and 'href="/groupes/' in text
    assert 'href="/organisations/' in text and 'href="/entraide/' in text
