"""No page, mail or report shows a UTC time, a dot decimal or « (s) ».

The demo network with a year of activity (``activity.py``) is crawled as each role
sees it (the links of the pages, from the home page and the menu); every mail template
is rendered with its objects; the report's HTML (the PDF's source) and its spreadsheet
are read too.
"""

import csv
import html
import io
import re
import time
import zipfile
from collections import Counter
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import DateTime

from entraide.auth.sessions import LOGIN_AT
from entraide.conventions.deadlines import deadlines_of
from entraide.core.extensions import db
from entraide.core.links import absolute_url
from entraide.core.mail import render_mail
from entraide.models import Convention, HelpAnswer, HelpRequest, Pairing, SponsorRequest, User
from entraide.reports.context import report_context
from entraide.reports.exports import xlsx_bytes, zip_bytes
from entraide.reports.pdf import render_report_html
from entraide.reports.period import year_period
from entraide.text import LOCAL_TZ
from tests.formats.activity import STAMPS, TODAY

ROLES = {
    "coordinator": "coordination@entraide.example",
    "member": "membre@entraide.example",  # Tiers-lieu fictif de l'Artois, a young SCIC
    "sponsor": "parrain@entraide.example",  # SCIC fictive Habitat de Lens-Hénin, its sponsor
    "viewer": "financeur@entraide.example",
    "anonymous": None,
}
# Downloads and machine answers: not pages (the report's files are checked below).
NOT_PAGES = re.compile(r"^/(static|api)/|/bilan\.|\.csv$|/deconnexion")
PAGES_PER_ROLE = 200
PAGES_PER_PATTERN = 4  # /organisations/N: a few of each kind of page are enough

PLURAL_S = re.compile(r"\(s\)|\(e\)s?\b|\(es\)")
DOT_DECIMAL = re.compile(r"(?<![\d.])\d{1,3}(?:[ \u202f\u00a0]\d{3})*\.\d+(?![\d.])")
UTC_WORD = re.compile(r"\bUTC\b|temps universel")
DAY_AND_TIME = re.compile(r"(\d\d/\d\d/\d{4})(?:\s+à\s+|\s+)(\d\d:\d\d)")


class _Text(HTMLParser):
    """The text a reader sees (and a screen reader reads), without tags or attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(body: str) -> str:
    parser = _Text()
    parser.feed(body)
    # Only ASCII spaces: the no-break spaces of French typography are part of what is checked.
    return re.sub(r"[ \t\r\n]+", " ", "".join(parser.parts)).strip()


def _stored_times() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(day, hour) of every stored time, written in UTC and in Paris."""
    utc, paris = set(), set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, DateTime):
                continue
            for (value,) in db.session.execute(db.select(column).where(column.isnot(None))):
                utc.add((f"{value:%d/%m/%Y}", f"{value:%H:%M}"))
                local = value.replace(tzinfo=UTC).astimezone(LOCAL_TZ)
                paris.add((f"{local:%d/%m/%Y}", f"{local:%H:%M}"))
    return utc, paris


def problems(text: str, utc_only: set) -> list[str]:
    found = [f"« {m.group()} »" for m in PLURAL_S.finditer(text)]
    found += [f"dot decimal {m.group()}" for m in DOT_DECIMAL.finditer(text)]
    found += [f"UTC mentioned: {m.group()}" for m in UTC_WORD.finditer(text)]
    found += [
        f"UTC time {day} {hour}"
        for day, hour in DAY_AND_TIME.findall(text)
        if (day, hour) in utc_only
    ]
    return found


def _sign_in(client, email: str) -> None:
    user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True
        session[LOGIN_AT] = int(time.time())


def crawl(client, also=()) -> dict[str, str]:
    """GET the pages reachable from the home page and the menu (and ``also``, pages each
    kind of which has more instances than the crawl opens); {path: visible text}."""
    queue, seen, pages, patterns = ["/", "/annuaire", *also], set(), {}, Counter()
    while queue and len(pages) < PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen or NOT_PAGES.search(urlsplit(url).path):
            continue
        seen.add(url)
        pattern = re.sub(r"\d+", "N", url)
        if patterns[pattern] >= PAGES_PER_PATTERN:
            continue
        patterns[pattern] += 1
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        body = response.get_data(as_text=True)
        pages[url] = visible_text(body)
        for href in re.findall(r'href="([^"#]+)', body):
            href = html.unescape(href)
            if href.startswith("/") and href not in seen:
                queue.append(href)
    return pages


@pytest.fixture
def network(app, activity):
    with app.app_context():
        yield activity


@pytest.mark.parametrize("role", list(ROLES))
def test_pages_of_every_role(app, network, role):
    utc, paris = _stored_times()
    client = app.test_client()
    if ROLES[role]:
        _sign_in(client, ROLES[role])
    # The pairing and the help request whose times were set in Paris winter and summer
    # time (a role that may not see them gets a refusal, left out like any non-page).
    ids = network.ids
    pages = crawl(client, also=[f"/parrainages/{ids['active']}", f"/entraide/{ids['help']}"])
    assert len(pages) >= (3 if role == "anonymous" else 8), sorted(pages)
    found = {url: p for url, text in pages.items() if (p := problems(text, utc - paris))}
    assert found == {}
    # The demo is loaded: every page says so.
    assert [url for url, text in pages.items() if "Données de démonstration" not in text] == []
    everything = " ".join(pages.values())
    if role in ("coordinator", "member", "sponsor"):
        # The exercise is real: Paris times and decimal hours are on the pages.
        stamps = ["followup_created"] + (["help_created"] if role != "sponsor" else [])
        for name in stamps:
            local = STAMPS[name].replace(tzinfo=UTC).astimezone(LOCAL_TZ)
            assert f"{local:%d/%m/%Y} à {local:%H:%M}" in everything, name
        assert "1,5\u00a0h" in everything
    if role == "coordinator":
        for path in ("/journal", "/tableau-de-bord/", "/parrainages/file", "/utilisateurs"):
            assert any(url.startswith(path) for url in pages), path


def _meeting_contexts(pairing, link) -> dict[str, dict]:
    """The activity's planned and cancelled meetings, as their mails see them."""
    from entraide.models import FollowUp

    meetings = {
        f.status: f
        for f in db.session.scalars(db.select(FollowUp).filter_by(pairing_id=pairing.id))
    }
    common = {"title": "Rencontre de parrainage", "where": "Lens", "expected": "", "link": link}
    return {
        "meeting_planned.txt": {**common, "meeting": meetings["planned"], "changed": True},
        "meeting_cancelled.txt": {**common, "meeting": meetings["cancelled"], "reason": "Grève"},
    }


def _mail_contexts(activity) -> dict[str, dict]:
    pairing = db.session.get(Pairing, activity.ids["active"])
    call = db.session.get(HelpRequest, activity.ids["help"])
    reply = db.session.execute(db.select(HelpAnswer).filter_by(request_id=call.id)).scalar()
    user = db.session.execute(db.select(User).filter_by(email="claude@exemple.fr")).scalar()
    convention = db.session.get(Convention, activity.ids["convention"])
    link = absolute_url("pairings.show", pairing_id=pairing.id)
    requests = {item.status: item for item in db.session.scalars(db.select(SponsorRequest))}
    return {
        "help_request_answered.txt": {"reply": reply, "link": link},
        "help_request_notified.txt": {"help_request": call, "reason": "", "link": link},
        "help_request_new_offerer.txt": {"help_request": call, "link": link},
        "help_request_relayed.txt": {"help_request": call, "note": "Note", "link": link},
        "help_request_relayed_outside.txt": {
            "help_request": call,
            "contact": call.outside_contacts[0],
            "reach": "contact@exemple.fr",
        },
        "invitation.txt": {"user": user, "link": link},
        "pairing_consent_answered.txt": {
            "pairing": pairing,
            "org": pairing.mentor,
            "accepted": True,
            "message": "",
            "link": link,
        },
        "pairing_consent_requested.txt": {
            "pairing": pairing,
            "other": pairing.mentor,
            "role": "marraine",
            "sponsor_request": requests["accepted"],
            "link": link,
        },
        "pairing_started.txt": {"pairing": pairing, "link": link},
        **_meeting_contexts(pairing, link),
        "password_reset.txt": {"link": link},
        "sponsor_request_new.txt": {"item": requests["accepted"], "link": link},
        "sponsor_request_declined.txt": {"item": requests["declined"], "link": link},
        "sponsor_request_superseded.txt": {"item": requests["superseded"], "link": link},
        "highlight_approval_requested.txt": {
            "organisation": pairing.mentee,
            "year": TODAY.year,
            "named": False,
            "from_source": True,
            "link": link,
        },
        "convention_deadline.txt": {
            "convention": convention,
            "deadline": deadlines_of(convention, TODAY)[0],
            "link": link,
        },
    }


def test_mails(app, network):
    utc, paris = _stored_times()
    templates = Path(app.root_path).parent / "templates" / "email"
    contexts = _mail_contexts(network)
    rendered = list(network.reminder_mails)
    assert rendered, "the activity has a late pairing: its reminder is a mail to check"
    for path in sorted(templates.glob("*.txt")):
        if path.name.startswith("_") or path.name == "reminder.txt":
            continue
        assert path.name in contexts, f"give {path.name} a context in this test"
        with app.test_request_context():
            rendered.append(render_mail(f"email/{path.name}", **contexts[path.name]))
    found = {
        subject: p
        for subject, body in rendered
        if (p := problems(subject + "\n" + body, utc - paris))
    }
    assert found == {}
    assert any("SCIC marraine proposée" in body for _subject, body in rendered)


def test_report_html_and_spreadsheet(app, network):
    utc, paris = _stored_times()
    period = year_period(TODAY.year)
    text = visible_text(render_report_html({**report_context(period), "pdf_stamp": "x"}))
    assert problems(text, utc - paris) == []
    assert "17\u202f500,00\u00a0€" in text and "\u00a0h" in text
    workbook = load_workbook(io.BytesIO(xlsx_bytes(period)), read_only=True)
    cells = [
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    assert [c for c in cells if PLURAL_S.search(c) or UTC_WORD.search(c)] == []
    # Amounts are numbers with two decimals, shown with the reader's separators.
    valuation = load_workbook(io.BytesIO(xlsx_bytes(period)))["Valorisation du bénévolat"]
    hours, rate, amount = (valuation.cell(2, column) for column in (2, 3, 4))
    assert (rate.value, rate.number_format) == (25.5, "#,##0.00")
    assert amount.number_format == "#,##0.00" and hours.number_format == "General"
    # The CSV files (« ; ») carry decimal commas, as a French spreadsheet reads them.
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(period)))
    valuation_csv = next(n for n in archive.namelist() if "valorisation" in n)
    rows = list(
        csv.reader(io.StringIO(archive.read(valuation_csv).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][2] == "25,50"
    every_cell = [
        cell
        for name in archive.namelist()
        for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";")
        for cell in row
    ]
    assert [c for c in every_cell if re.fullmatch(r"-?\d+\.\d+", c)] == []


def test_the_scanner_sees_what_it_looks_for():
    paris = datetime(2026, 12, 6, 17, 57)  # 18:57 in Paris
    utc_only = {("06/12/2026", "17:57")}
    assert problems("lancé le 06/12/2026 à 17:57 (UTC)", utc_only) == [
        "UTC mentioned: UTC",
        "UTC time 06/12/2026 17:57",
    ]
    assert problems("0 jour(s), 1 rencontre(s) notée(s)", set()) == ["« (s) »"] * 3
    assert problems("10.00 heures, 1 234.5 €", set()) == [
        "dot decimal 10.00",
        "dot decimal 1 234.5",
    ]
    assert problems("le 06/12/2026 à 18:57, 1,5 h, 1 234,50 €", utc_only) == []
    assert paris.hour == 17
