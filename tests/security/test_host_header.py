"""Absolute links come from BASE_URL, never from the request's ``Host`` header.

A reset requested with ``Host: entraide.evil.example`` must not mail the real user a
link to that host carrying a valid token.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from entraide.app import create_app
from entraide.core.config import check_base_url, from_environment, trusted_hosts
from entraide.core.extensions import db
from entraide.core.links import absolute_url
from entraide.models import HelpRequest, Pairing

PACKAGE = Path(__file__).resolve().parents[2] / "entraide"


def test_no_link_is_built_from_the_request():
    """``url_for(..., _external=True)`` takes the request's Host: core.links replaces it."""
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\b_external\b", line)
    ]
    assert offenders == []


def test_absolute_url_outside_a_request_keeps_the_path_prefix(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://entraide.example.org/reseau/")
    with app.app_context():
        assert absolute_url("pairings.show", pairing_id=4) == (
            "https://entraide.example.org/reseau/parrainages/4"
        )
        assert absolute_url("main.home") == "https://entraide.example.org/reseau/"


def test_absolute_url_ignores_the_request_host_and_prefix(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://entraide.example.org")
    with app.test_request_context(
        "/", base_url="http://entraide.evil.example/ailleurs", headers={"X-Forwarded-Host": "x"}
    ):
        assert absolute_url("help_requests.show", request_id=3, page=2) == (
            "https://entraide.example.org/entraide/3?page=2"
        )


@pytest.mark.parametrize(
    "value",
    ["entraide.example.org", "ftp://entraide.example.org", "https://", "https://x.org/?a=1"],
)
def test_a_base_url_that_is_not_an_absolute_http_address_is_refused(value):
    with pytest.raises(ValueError, match="BASE_URL"):
        check_base_url(value)


# The Host header -----------------------------------------------------------------------

EVIL = {"Host": "entraide.evil.example"}
BASE_URL = "https://entraide.example.org/reseau"


@pytest.fixture
def sent(outbox):
    """Every message the app composes, wherever from: the mails queued in the outbox."""
    return outbox


@pytest.fixture
def behind_a_proxy(app, monkeypatch):
    """BASE_URL is the public address; the test client's host stands for a trusted alias."""
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["entraide.test"])


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", message["body"])


def test_a_reset_asked_through_a_foreign_host_is_refused_in_french(make, client, sent):
    member = make.member()
    response = client.post("/mot-de-passe/oublie", data={"email": member.email}, headers=EVIL)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Requête invalide" in page and 'href="/connexion"' in page
    assert "evil" not in page
    assert sent == []


def test_any_page_and_the_api_refuse_a_foreign_host(client):
    assert client.get("/connexion", headers=EVIL).status_code == 400
    answer = client.get("/api/v1/stats", headers=EVIL)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["status"] == 400
    assert client.get("/connexion").status_code == 200


def test_a_normal_reset_mails_a_link_under_base_url(make, client, sent, behind_a_proxy):
    member = make.member()
    assert client.post("/mot-de-passe/oublie", data={"email": member.email}).status_code == 302
    [message] = sent
    [link] = _links(message)
    assert link.startswith(f"{BASE_URL}/mot-de-passe/nouveau/")


def test_every_mail_links_under_base_url(make, client, login_as, runner, sent, behind_a_proxy):
    coordinator = make.coordinator(email="coordination@reseau.fr")
    mentee = make.organisation("Jeune & <Pousse>", year_created=2023)
    need = make.need(mentee, "gouvernance", "Organiser notre assemblée générale")
    mentor = make.organisation("Vieux Chêne", year_created=2004, mentor_capacity=2)
    make.offer(mentor, "difficultes", "Traverser une crise de trésorerie")
    mentee_user, mentor_user = make.member(mentee), make.member(mentor)

    login_as(coordinator)
    invited = client.post(
        "/utilisateurs/inviter",
        data={"email": "camille@exemple.fr", "role": "member", "organisation_id": mentee.id},
    )
    assert invited.status_code == 200 and f"{BASE_URL}/invitation/" in invited.get_data(
        as_text=True
    )
    proposal = {
        "mentee_id": mentee.id,
        "mentor_id": mentor.id,
        "need_ids": [need.id],
        "objectives": "Une AG réussie",
        "planned_months": "12",
        "rhythm_days": "30",
        "score": "0.61",
    }
    assert client.post("/parrainages/nouveau", data=proposal).status_code == 302
    pairing = db.session.execute(db.select(Pairing)).scalar_one()
    for user in (mentee_user, mentor_user):
        login_as(user)
        answer = {"decision": "accept", "message": "Avec plaisir"}
        assert client.post(f"/parrainages/{pairing.id}/reponse", data=answer).status_code == 302

    login_as(mentee_user)
    call = {"theme": "difficultes", "title": "Trésorerie à sec", "text": "Comment tenir ?"}
    assert client.post("/entraide/nouveau", data=call).status_code == 302
    help_request = db.session.execute(db.select(HelpRequest)).scalar_one()
    login_as(mentor_user)
    reply = {"message": "Passez jeudi"}
    assert client.post(f"/entraide/{help_request.id}/reponses", data=reply).status_code == 302
    client.post("/deconnexion")
    assert client.post("/mot-de-passe/oublie", data={"email": mentee_user.email}).status_code == 302

    # send-reminders runs outside any request (cron).
    db.session.refresh(pairing)
    pairing.start_date = date.today() - timedelta(days=70)
    db.session.commit()
    assert runner.invoke(args=["send-reminders"]).exit_code == 0

    subjects = {message["subject"] for message in sent}
    assert subjects >= {
        "Invitation à rejoindre Entraide",
        "Proposition de parrainage",
        "Parrainage : Jeune & <Pousse> a accepté",
        "Le parrainage commence",
        "Appel à l'entraide de Jeune & <Pousse>",
        "Réponse à votre appel à l'entraide : Vieux Chêne",
        "Nouveau mot de passe Entraide",
        "Parrainage Jeune & <Pousse> – Vieux Chêne : en retard",
    }
    for message in sent:
        links = _links(message)
        assert links, message["subject"]
        assert all(link.startswith(f"{BASE_URL}/") for link in links), message


# Which hosts are trusted ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "hosts"),
    [
        ("https://entraide.example.org/reseau", ["entraide.example.org"]),
        ("http://127.0.0.1:5000", ["localhost", "127.0.0.1"]),
        ("http://localhost:8000", ["localhost", "127.0.0.1"]),
        ("http://[::1]:5000", []),  # Werkzeug cannot match IPv6 literals: no restriction
    ],
)
def test_trusted_hosts_follow_base_url(base_url, hosts):
    assert trusted_hosts(base_url) == hosts


def test_trusted_hosts_from_the_environment():
    settings = from_environment({"BASE_URL": BASE_URL, "TRUSTED_HOSTS": " a.org, b.org ,"})
    assert settings == {"BASE_URL": BASE_URL, "TRUSTED_HOSTS": ["a.org", "b.org"]}


def _app(monkeypatch, **settings):
    for name in ("BASE_URL", "TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    base = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}
    return create_app({**base, **settings})


def test_only_a_configured_base_url_restricts_the_hosts(monkeypatch):
    fresh = _app(monkeypatch)
    assert fresh.config["BASE_URL"] == "http://127.0.0.1:5000"
    assert fresh.config["TRUSTED_HOSTS"] is None
    assert fresh.test_client().get("/connexion", headers=EVIL).status_code == 200

    dev = _app(monkeypatch, BASE_URL="http://127.0.0.1:5000")
    browser = dev.test_client()
    for host, status in (
        ("127.0.0.1:5000", 200),
        ("localhost:5000", 200),
        ("entraide.evil.example", 400),
        ("127.0.0.1.evil.example", 400),
    ):
        assert browser.get("/connexion", headers={"Host": host}).status_code == status, host

    wider = _app(monkeypatch, BASE_URL=BASE_URL, TRUSTED_HOSTS=["entraide.example.org", "x.org"])
    assert wider.config["TRUSTED_HOSTS"] == ["entraide.example.org", "x.org"]


def test_a_malformed_base_url_stops_the_start(monkeypatch):
    with pytest.raises(ValueError, match="BASE_URL"):
        _app(monkeypatch, BASE_URL="entraide.example.org")
