"""The journal of a lively network: every entry a French sentence, nothing raw."""

import html
import re
import time
from datetime import date, timedelta

from entraide.auth.sessions import LOGIN_AT
from entraide.core.extensions import db
from entraide.journal.labels import ACTIONS
from entraide.models import AuditEntry, User

TODAY = date.today()

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
        "Cliss XXI a accepté le parrainage de Le Toit Commun.",
        "Le Toit Commun a accepté d'être parrainée par Cliss XXI.",
        "La coordination a validé le groupe « Calaisis ».",
        "Le Toit Commun a noté une rencontre du parrainage Le Toit Commun – Cliss XXI.",
        "Citiz a décliné le parrainage de Mas La Croisée.",
        "Le parrainage Le Toit Commun – Cliss XXI a commencé",
        "Une relance automatique a été envoyée pour le parrainage",
        "action « Envoyer les statuts » en retard",
        "Bénévolat : 1,5 h",
        "Organisations présentes : Fabrique coopérative calaisienne, Indelab et "
        "Seed Com'Developpement",
        "La coordination a renommé le groupe « Calaisis » en « Calaisis et Audomarois ».",
        "Sociétaires : — → 1 234",
        "La coordination a fixé le taux horaire du bénévolat à 25,50 €.",
        "Le système a importé la rencontre",
        # Corrections: the fields changed, named and valued in French.
        f"Le Toit Commun a corrigé la rencontre du {TODAY - timedelta(days=70):%d/%m/%Y} du "
        "parrainage Le Toit Commun – Cliss XXI : participants et durée.",
        "Participants : — → « Sam (Le Toit Commun), Dominique (Cliss XXI) »",
        "Durée : 90 minutes → 120 minutes",
        "La coordination a corrigé la rencontre « Atelier communication » du "
        f"{TODAY - timedelta(days=20):%d/%m/%Y} du groupe « Calaisis et Audomarois » : "
        "organisations présentes et heures de bénévolat.",
        "Organisations présentes : Fabrique coopérative calaisienne, Indelab et Seed "
        "Com'Developpement → Fabrique coopérative calaisienne et Seed Com'Developpement",
        "Heures de bénévolat : 7,5 h → 9 h",
    ):
        assert expected in sentences, expected
    assert 'href="/parrainages/' in text and 'href="/groupes/' in text
    assert 'href="/organisations/' in text and 'href="/entraide/' in text
