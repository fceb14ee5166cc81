"""Where each page of the load mix spends its time (a script, not a test).

Usage::

    .venv/bin/python benchmarks/profile_pages.py [--database-url URL] [--repeat 30]
                                                 [--meetings 40] [--cprofile PAGE] [--sql]
                                                 [--only PAGE]

Builds a scratch database (SQLite in a temporary folder, or the PostgreSQL URL given,
which is emptied first), loads the demo network, starts an active parrainage between the
demo member's and the demo sponsor's organisations with ``--meetings`` meetings, then
asks every page of ``benchmarks/load.py``'s mix ``--repeat`` times through Flask's test
client (no network, no gunicorn: the server's own time). For each page it prints the
median time (wall clock and CPU), the SQL statements and their time, the template time
(Jinja rendering, including the queries lazy loads make from templates) and the rest
(view code, forms, session, headers). ``--cprofile PAGE`` prints the 25 costliest
functions of one page (``PROFILE_SORT=tottime`` to sort them otherwise,
``PROFILE_CALLERS=name`` to see who calls a function), ``--sql`` each page's statements,
``--only PAGE`` one page. The start-up heap is frozen as ``wsgi.py`` freezes it; the mean
CPU column shows the collector's pauses, which the median hides.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MEMBER = "membre@entraide.example"
SPONSOR = "parrain@entraide.example"
COORDINATOR = "coordination@entraide.example"
VIEWER = "financeur@entraide.example"


def build(app, meetings: int) -> dict:
    """Demo network, one active parrainage with a booklet; return the ids the pages need."""
    from entraide.core.extensions import db
    from entraide.demo import load_demo
    from entraide.followups import services as followups
    from entraide.models import User
    from entraide.pairings import services as pairings

    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        load_demo()
        user = {u.email: u for u in db.session.execute(db.select(User)).scalars()}
        mentee, mentor = user[MEMBER].organisation, user[SPONSOR].organisation
        pairing = pairings.live_pairing_of(mentee.id) or pairings.propose(
            user[COORDINATOR], mentee, mentor, objectives="Profilage"
        )
        db.session.flush()
        if pairing.status == "awaiting_consent":
            pairings.answer(pairing, user[MEMBER], "mentee", True, None)
            pairings.answer(pairing, user[SPONSOR], "mentor", True, None)
        for index in range(meetings):
            # The pairing starts today: its whole booklet is dated today, as in load.py.
            followups.log_followup(
                pairing,
                user[MEMBER],
                held_on=date.today(),
                format="video",
                participants="Sam, Dominique",
                duration_minutes=60,
                volunteer_hours=Decimal(1),
                summary=f"Rencontre {index}",
            )
        db.session.commit()
        return {"pairing": pairing.id, "mentee": mentee.id, "mentor": mentor.id}


def pages(ids: dict) -> list[tuple[str, str, str]]:
    """(name, account, path) of every GET page in load.py's mix."""
    return [
        ("organisation (member)", MEMBER, f"/organisations/{ids['mentee']}"),
        ("parrainage (member)", MEMBER, f"/parrainages/{ids['pairing']}"),
        ("need form", MEMBER, f"/organisations/{ids['mentee']}/besoins/nouveau"),
        ("meeting form", MEMBER, f"/parrainages/{ids['pairing']}/rencontres/nouvelle"),
        ("reset form", MEMBER, "/mot-de-passe/oublie"),
        ("review queue", COORDINATOR, "/parrainages/file"),
        ("suggestions", COORDINATOR, "/rapprochement/suggestions"),
        ("organisations", COORDINATOR, "/organisations"),
        ("dashboard (funder)", VIEWER, "/tableau-de-bord/"),
    ]


class Meter:
    """SQL statements and their time, template time, for the request being measured."""

    def __init__(self, app, engine):
        from flask import before_render_template, template_rendered
        from sqlalchemy import event

        self.reset()
        event.listen(engine, "before_cursor_execute", self._sql_start)
        event.listen(engine, "after_cursor_execute", self._sql_end)
        before_render_template.connect(self._template_start, app)
        template_rendered.connect(self._template_end, app)

    def reset(self) -> None:
        self.statements = 0
        self.texts: list[str] = []
        self.sql_seconds = 0.0
        self.sql_in_templates = 0.0
        self.template_seconds = 0.0
        self._depth = 0
        self._template_started = 0.0

    def _sql_start(self, conn, _cursor, statement, *_args):
        conn.info["profile_started"] = time.perf_counter()
        self.texts.append(" ".join(statement.split())[:160])

    def _sql_end(self, conn, *_args):
        self.statements += 1
        spent = time.perf_counter() - conn.info.pop("profile_started")
        self.sql_seconds += spent
        if self._depth:  # a lazy load from a template
            self.sql_in_templates += spent

    def _template_start(self, *_args, **_kwargs):
        if self._depth == 0:
            self._template_started = time.perf_counter()
        self._depth += 1

    def _template_end(self, *_args, **_kwargs):
        self._depth -= 1
        if self._depth == 0:
            self.template_seconds += time.perf_counter() - self._template_started


def login(client, email: str) -> None:
    from entraide.demo import DEMO_PASSWORD

    answer = client.post("/connexion", data={"email": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 302, answer.status_code  # noqa: S101 - a script's sanity check


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (emptied); SQLite by default")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--meetings", type=int, default=40)
    parser.add_argument("--cprofile", help="name of one page to profile function by function")
    parser.add_argument("--sql", action="store_true", help="print each page's SQL statements")
    parser.add_argument("--only", help="name of the one page to measure")
    args = parser.parse_args()

    from entraide.app import create_app
    from entraide.core.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="entraide-profile-"))
    os.environ["ENTRAIDE_INSTANCE_PATH"] = str(folder)  # never the checkout's instance/
    url = args.database_url or f"sqlite:///{folder / 'profile.sqlite3'}"
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "profile-not-a-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    app = create_app(config)
    if url.startswith("postgresql"):
        with app.app_context():
            db.session.execute(db.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
    ids = build(app, args.meetings)
    # As wsgi.py does once the server has started: the collector skips the start-up heap.
    from entraide.core.collector import freeze_startup_heap

    freeze_startup_heap()
    with app.app_context():
        meter = Meter(app, db.engine)
    clients = {}
    print(f"{url.split(':')[0]}, {args.repeat} requests per page, {args.meetings} meetings")
    print()
    print(
        "| page | median ms | CPU ms | mean CPU ms | SQL statements | SQL ms | template ms "
        "| rest ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, email, path in pages(ids):
        if (args.cprofile or args.only) and name not in (args.cprofile, args.only):
            continue
        if email not in clients:
            clients[email] = app.test_client()
            login(clients[email], email)
        client = clients[email]
        client.get(path)  # warm caches (templates, the engine's snapshot)
        samples = []
        profiler = cProfile.Profile() if args.cprofile else None
        for _ in range(args.repeat):
            meter.reset()
            started, started_cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            answer = client.get(path)
            if profiler:
                profiler.disable()
            total = time.perf_counter() - started
            cpu = time.process_time() - started_cpu
            assert answer.status_code == 200, (path, answer.status_code)  # noqa: S101
            template = meter.template_seconds - meter.sql_in_templates
            samples.append((total, cpu, meter.statements, meter.sql_seconds, template))
        total, cpu, statements, sql, template = (
            statistics.median(x) for x in zip(*samples, strict=True)
        )
        rest = max(total - sql - template, 0.0)
        # The mean shows what the median hides: the garbage collector's occasional pauses.
        mean_cpu = statistics.mean(sample[1] for sample in samples)
        print(
            f"| {name} | {total * 1000:.1f} | {cpu * 1000:.1f} | {mean_cpu * 1000:.1f} | "
            f"{statements:.0f} | "
            f"{sql * 1000:.1f} | "
            f"{template * 1000:.1f} | {rest * 1000:.1f} |"
        )
        if args.sql:
            print("\n".join(f"    {text}" for text in meter.texts))
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(
                os.environ.get("PROFILE_SORT", "cumulative")
            ).print_stats(25)
            if os.environ.get("PROFILE_CALLERS"):
                pstats.Stats(profiler, stream=out).print_callers(os.environ["PROFILE_CALLERS"])
            print(out.getvalue())
    print(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
