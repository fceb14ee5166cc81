"""Benchmark of the dashboard and the yearly report (a script, not a test).

Usage::

    .venv/bin/python benchmarks/bench_reports.py [--orgs 2000] [--followups 20000]
        [--actions 500] [--seed 62] [--dashboard-only] [--cprofile] [--sql]

Builds a seeded synthetic network on a scratch SQLite file (migrated like production),
then prints the server time of the dashboard page (a viewer's GET through the test
client: queries, aggregation, charts, map and template; median of several runs), the
number of SQL queries of that page, and the time to generate the PDF, the XLSX and the
zip of every table as CSV. The register holds actions of the four axes, each axis a
narrative (the cover, the axes and the files are those the funder reads).
Targets: dashboard 200 ms, PDF 3 s.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert  # noqa: E402

from entraide.app import create_app  # noqa: E402
from entraide.core.extensions import db  # noqa: E402
from entraide.geo.gazetteer import get_gazetteer  # noqa: E402
from entraide.models import (  # noqa: E402
    ActionAudience,
    ActionDocument,
    ActionOrganisation,
    AxisNarrative,
    FollowUp,
    GroupMeeting,
    HelpAnswer,
    HelpRequest,
    Need,
    NetworkAction,
    Offer,
    Organisation,
    Pairing,
    PairingTransition,
    TerritorialGroup,
)
from entraide.models.group import group_member, meeting_participant  # noqa: E402
from entraide.text import confusable_skeleton, normalise_key  # noqa: E402
from entraide.themes import SECTORS, THEMES  # noqa: E402

YEAR = 2025
PASSWORD = "Un-mot-de-passe-solide-62"


def _moment(rng: random.Random) -> datetime:
    return datetime(YEAR, 1, 1) + timedelta(minutes=rng.randrange(365 * 24 * 60))


def seed_actions(n_actions: int, n_orgs: int, communes: list[str], rng: random.Random) -> None:
    """The register: actions spread over the four axes, each with a host, a partner, one
    or two audiences and, one in two, a pièce justificative (rows only: the PDF lists
    the files, it does not read them)."""
    kinds = {1: "rencontre_reseau", 2: "formation_collectivites", 3: "conference", 4: "presse"}
    actions, links, audiences, documents = [], [], [], []
    for a in range(1, n_actions + 1):
        axis = 1 + a % 4
        held_on = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
        actions.append(
            {
                "id": a,
                "axis": axis,
                "kind": kinds[axis],
                "title": f"Action synthétique n° {a} de l'axe {axis}",
                "status": rng.choice(["held", "held", "held", "planned", "cancelled"]),
                "held_on": held_on,
                "month_only": False,
                "commune_insee": rng.choice(communes),
                "place_label": "Salle du conseil",
                "outside_hosts": "",
                "outside_partners": "APES ; RTES",
                "people_count": rng.randint(5, 60),
                "organisations_count": rng.randint(2, 20),
                "account": "Compte rendu de l'action. " * 5,
                "created_at": datetime(YEAR, 6, 1),
                "updated_at": datetime(YEAR, 6, 1),
                "version": 1,
            }
        )
        host, partner = rng.sample(range(1, n_orgs + 1), k=2)
        links += [
            {"action_id": a, "organisation_id": host, "role": "host"},
            {"action_id": a, "organisation_id": partner, "role": "partner"},
        ]
        for audience in rng.sample(["scic", "elus", "techniciens", "grand_public"], k=2):
            audiences.append({"action_id": a, "audience": audience})
        if a % 2:
            documents.append(
                {
                    "action_id": a,
                    "kind": "attendance",
                    "original_name": f"emargement-{a}.pdf",
                    "stored_name": f"{a:064d}",
                    "content_type": "application/pdf",
                    "size_bytes": 50_000,
                    "uploaded_at": datetime(YEAR, 6, 1),
                }
            )
    db.session.execute(insert(NetworkAction), actions)
    db.session.execute(insert(ActionOrganisation), links)
    db.session.execute(insert(ActionAudience), audiences)
    db.session.execute(insert(ActionDocument), documents)


def seed_convention(rng: random.Random) -> None:
    """The year's convention, its statement filled: every line with a budget and a
    réalisé (the PDF's section 6 at its longest), a third of them explained."""
    from entraide.conventions.services import ConventionData, create_convention

    convention = create_convention(
        None,
        ConventionData(
            funder="Département du Pas-de-Calais",
            reference=f"{YEAR}-00001",
            beneficiary="Cliss XXI",
            title="Renforcement de l'animation du Réseau des SCIC du Pas-de-Calais",
            period_start=date(YEAR, 1, 1),
            period_end=date(YEAR, 12, 31),
            aid_amount=Decimal("17500.00"),
        ),
    )
    db.session.flush()
    for line in convention.lines:
        line.budget = Decimal(rng.randint(100, 5000))
        line.actual = line.budget * Decimal(rng.choice(["0.8", "1", "1.1", "1.3"]))
        line.explanation = "Écart expliqué. " * 3 if rng.random() < 0.3 else ""


def seed(n_orgs: int, n_followups: int, n_actions: int, rng: random.Random) -> None:
    communes = [c.insee for c in get_gazetteer().communes()]
    themes, sectors = list(THEMES), list(SECTORS)
    orgs = []
    for i in range(1, n_orgs + 1):
        name = f"SCIC synthétique {i:05d}"
        orgs.append(
            {
                "id": i,
                "name": name,
                "name_key": normalise_key(name),
                "name_skeleton": confusable_skeleton(normalise_key(name)),
                # Members since the year before: the report counts them, not as new ones.
                "member_since": date(YEAR - 1, 6, 1),
                "status": "projet" if rng.random() < 0.1 else "scic",
                "commune_insee": rng.choice(communes),
                "year_created": rng.randint(1995, YEAR),
                "sector": rng.choice(sectors),
                "mentor_capacity": rng.randint(0, 2),
                "public_directory": False,
                "in_difficulty": rng.random() < 0.05,
                "created_at": datetime(YEAR - 1, 6, 1),
                "updated_at": datetime(YEAR - 1, 6, 1),
            }
        )
    db.session.execute(insert(Organisation), orgs)

    def declarations(model, count, statuses):
        rows = []
        for _ in range(count):
            created = _moment(rng)
            status = rng.choice(statuses)
            closed = created + timedelta(days=30) if status != statuses[0] else None
            rows.append(
                {
                    "organisation_id": rng.randint(1, n_orgs),
                    "theme_code": rng.choice(themes),
                    "text": "Texte",
                    "status": status,
                    "created_at": created,
                    "updated_at": created,
                    "closed_at": closed,
                }
            )
        db.session.execute(insert(model), rows)

    declarations(Need, n_orgs * 2, ["open", "met", "withdrawn"])
    declarations(Offer, n_orgs, ["active", "withdrawn"])

    groups = [{"id": g, "name": f"Groupe {g}"} for g in range(1, 21)]
    db.session.execute(insert(TerritorialGroup), groups)
    members = rng.sample(range(1, n_orgs + 1), k=min(n_orgs, 600))
    db.session.execute(
        insert(group_member),
        [{"group_id": 1 + i % 20, "organisation_id": org} for i, org in enumerate(members)],
    )

    n_pairings = max(1, n_orgs // 3)
    mentees = rng.sample(range(1, n_orgs + 1), k=n_pairings)
    pairings, transitions = [], []
    for pid, mentee in enumerate(mentees, start=1):
        mentor = rng.randint(1, n_orgs)
        mentor = mentor if mentor != mentee else (mentee % n_orgs) + 1
        created = _moment(rng) - timedelta(days=200)
        status = rng.choice(["active", "active", "completed", "stopped"])
        ended = created + timedelta(days=rng.randint(90, 400)) if status != "active" else None
        pairings.append(
            {
                "id": pid,
                "mentee_id": mentee,
                "mentor_id": mentor,
                "status": status,
                "objectives": "",
                "start_date": (created + timedelta(days=10)).date(),
                "planned_months": 12,
                "rhythm_days": 30,
                "created_at": created,
                "updated_at": created,
                "ended_at": ended,
                "version": 1,
            }
        )
        transitions.append(
            {
                "pairing_id": pid,
                "from_status": "proposed",
                "to_status": "awaiting_consent",
                "created_at": created + timedelta(days=2),
            }
        )
    db.session.execute(insert(Pairing), pairings)
    db.session.execute(insert(PairingTransition), transitions)
    db.session.execute(
        insert(FollowUp),
        [
            {
                "pairing_id": rng.randint(1, n_pairings),
                "held_on": date(YEAR, 1, 1) + timedelta(days=rng.randrange(365)),
                "format": rng.choice(["visit", "video", "phone", "workshop"]),
                "participants": "",
                "duration_minutes": rng.choice([60, 90, 120]),
                "volunteer_hours": Decimal(rng.choice(["1.00", "1.50", "2.00", "3.00"])),
                "summary": "Compte rendu privé",
                "created_at": datetime(YEAR, 6, 1),
            }
            for _ in range(n_followups)
        ],
    )
    meetings = [
        {
            "id": m,
            "group_id": 1 + m % 20,
            "held_on": date(YEAR, 1, 1) + timedelta(days=rng.randrange(365)),
            "kind": "rencontre",
            "title": f"Rencontre {m}",
            "other_participants": "",
            "topics": "",
            "volunteer_hours": Decimal("6.00"),
            "created_at": datetime(YEAR, 6, 1),
        }
        for m in range(1, 301)
    ]
    db.session.execute(insert(GroupMeeting), meetings)
    db.session.execute(
        insert(meeting_participant),
        [
            {"meeting_id": m, "organisation_id": org}
            for m in range(1, 301)
            for org in rng.sample(range(1, n_orgs + 1), k=8)
        ],
    )
    requests = [
        {
            "id": r,
            "organisation_id": rng.randint(1, n_orgs),
            "theme_code": rng.choice(themes),
            "title": f"Appel {r}",
            "text": "Texte",
            "status": rng.choice(["open", "closed"]),
            "created_at": _moment(rng),
        }
        for r in range(1, n_orgs // 4 + 1)
    ]
    db.session.execute(insert(HelpRequest), requests)
    db.session.execute(
        insert(HelpAnswer),
        [
            {
                "request_id": rng.randint(1, len(requests)),
                "organisation_id": rng.randint(1, n_orgs),
                "message": "Réponse",
                "created_at": _moment(rng),
            }
            for _ in range(n_orgs // 2)
        ],
    )
    seed_actions(n_actions, n_orgs, communes, rng)
    seed_convention(rng)
    db.session.execute(
        insert(AxisNarrative),
        [
            {
                "year": YEAR,
                "axis": axis,
                "conditions": "Conditions de réalisation. " * 40,
                "results": "Résultats obtenus. " * 40,
                "perspectives": "Perspectives. " * 20,
                "updated_at": datetime(YEAR, 12, 1),
            }
            for axis in (1, 2, 3, 4)
        ],
    )
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=2_000)
    parser.add_argument("--followups", type=int, default=20_000)
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--seed", type=int, default=62)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dashboard-only", action="store_true", help="skip the PDF, XLSX and zip")
    parser.add_argument(
        "--cprofile", action="store_true", help="print the dashboard's 30 costliest functions"
    )
    parser.add_argument(
        "--sql", action="store_true", help="print the dashboard's SQL statements, one a line"
    )
    args = parser.parse_args()

    from flask_migrate import upgrade

    from entraide.reports.exports import pdf_bytes, xlsx_bytes, zip_bytes
    from entraide.reports.pdf import import_renderer
    from entraide.reports.period import year_period
    from entraide.users.services import create_user

    with tempfile.TemporaryDirectory() as scratch:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/bench.sqlite3",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "SECRET_KEY": "bench-only",
                "MAIL_SERVER": "",
                "ENTRAIDE_INSTANCE": scratch,
            }
        )
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            seed(args.orgs, args.followups, args.actions, random.Random(args.seed))
            seeded = time.perf_counter() - started
            create_user(None, "financeur@bench.fr", "viewer", password=PASSWORD)
            db.session.commit()
            client = app.test_client()
            client.post("/connexion", data={"email": "financeur@bench.fr", "password": PASSWORD})
            url = f"/tableau-de-bord/?du={YEAR}-01-01&au={YEAR}-12-31"
            statements = []
            event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
            assert client.get(url).status_code == 200  # warm-up (gazetteer, map, templates)
            queries = len(statements)
            if args.sql:
                for statement in statements:
                    print(" ".join(statement.split())[:300])
            times, cpu = [], []
            profiler = cProfile.Profile() if args.cprofile else None
            for _ in range(args.runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.enable()
                assert client.get(url).status_code == 200
                if profiler:
                    profiler.disable()
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            if profiler:
                pstats.Stats(profiler).sort_stats(
                    os.environ.get("PROFILE_SORT", "cumulative")
                ).print_stats(30)
            if args.dashboard_only:
                print(
                    f"Tableau de bord : médiane {statistics.median(times) * 1000:.0f} ms "
                    f"(CPU {statistics.median(cpu) * 1000:.0f} ms), {queries} requêtes SQL; "
                    f"charge {os.getloadavg()[0]:.1f}"
                )
                db.engine.dispose()
                return
            period = year_period(YEAR)
            # A server imports WeasyPrint at start-up (wsgi.py), before any request: timed
            # apart. The first PDF of a process still pays the fonts' set-up and the
            # first compilations; the next ones are what a running server pays.
            started = time.perf_counter()
            import_renderer()
            import_time = time.perf_counter() - started
            pdf_times, pdf_cpus = [], []
            for _ in range(3):
                started, started_cpu = time.perf_counter(), time.process_time()
                pdf = pdf_bytes(period)
                pdf_times.append(time.perf_counter() - started)
                pdf_cpus.append(time.process_time() - started_cpu)
            started = time.perf_counter()
            xlsx = xlsx_bytes(period)
            xlsx_time = time.perf_counter() - started
            started = time.perf_counter()
            archive = zip_bytes(period)
            zip_time = time.perf_counter() - started
            db.engine.dispose()

    print(f"Charge de la machine (1 min) : {os.getloadavg()[0]:.1f} sur {os.cpu_count()} CPU")
    print(
        f"Réseau : {args.orgs} organisations, {args.followups} rencontres, "
        f"{args.actions} actions (seed {args.seed}),"
    )
    print(f"  généré en {seeded:.1f} s sur SQLite")
    print(
        f"Tableau de bord : médiane {statistics.median(times) * 1000:.0f} ms "
        f"(CPU {statistics.median(cpu) * 1000:.0f} ms), min {min(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms ({args.runs} requêtes, {queries} requêtes SQL)"
        "   cible 200 ms"
    )
    print(
        f"PDF : import de WeasyPrint {import_time:.2f} s (au démarrage du serveur), "
        f"puis {pdf_times[0]:.2f} s le premier du processus (CPU {pdf_cpus[0]:.2f} s), "
        f"puis médiane {statistics.median(pdf_times[1:]):.2f} s "
        f"(CPU {statistics.median(pdf_cpus[1:]):.2f} s), {len(pdf) // 1024} Kio   cible 3 s"
    )
    print(f"XLSX : {xlsx_time:.2f} s ({len(xlsx) // 1024} Kio)")
    print(f"CSV (zip) : {zip_time:.2f} s ({len(archive) // 1024} Kio)")
    print(f"Charge de la machine à la fin (1 min) : {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
