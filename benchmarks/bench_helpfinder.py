"""Benchmark of « Qui peut m'aider ? » and « Qui puis-je aider ? » (a script, not a test).

Usage::

    .venv/bin/python benchmarks/bench_helpfinder.py [--orgs 2000] [--requests 30] [--seed 62]

Builds a seeded synthetic network on a scratch SQLite file (migrated like production):
half young SCICs with open needs, half experienced ones with offers, a capacity and for
most of those the opt-in to be proposed as a sponsor, live pairings and rejected pairs,
short French texts. Then prints the server time of both pages (a member's GET through
the test client: the network's version, the engine, the queries and the template),
median and p95 over ``--requests`` requests, for each member a different organisation:

- cold: the network changed just before each request (an offer edited through the
  service, which changes the network's version): the cache is rebuilt;
- warm: the network unchanged, each organisation's page seen for the first time (the
  engine runs for its needs or offers only);
- repeat: the same pages again (everything cached).

Target: 150 ms per page.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_matching import NEED_BIAS, PHRASES  # noqa: E402
from sqlalchemy import event, insert, select  # noqa: E402

from entraide.app import create_app  # noqa: E402
from entraide.auth.sessions import LOGIN_AT  # noqa: E402
from entraide.core.extensions import db  # noqa: E402
from entraide.geo.gazetteer import get_gazetteer  # noqa: E402
from entraide.models import (  # noqa: E402
    Need,
    Offer,
    Organisation,
    Pairing,
    PairRejection,
    User,
)
from entraide.text import confusable_skeleton, normalise_key  # noqa: E402
from entraide.themes import SECTORS  # noqa: E402

PAGES = {"young": "/qui-peut-m-aider", "experienced": "/qui-puis-je-aider"}
LABELS = {"young": "Qui peut m'aider ?", "experienced": "Qui puis-je aider ?"}
TARGET_MS = 150
CREATED = datetime(2025, 1, 1)


def seed(n_orgs: int, rng: random.Random) -> dict[str, list[int]]:
    """Insert the network (Core inserts: seconds, not minutes); return org ids by kind."""
    communes = [c.insee for c in get_gazetteer().communes()]
    themes, sectors = list(PHRASES), list(SECTORS)
    need_weights = [NEED_BIAS.get(t, 1) for t in themes]
    orgs, needs, offers = [], [], []
    kinds: dict[str, list[int]] = {"young": [], "experienced": []}
    for i in range(1, n_orgs + 1):
        young = rng.random() < 0.5
        name = f"SCIC synthétique {i:05d}"
        capacity = 0 if young else rng.choices([0, 1, 2, 3], [3, 4, 2, 1])[0]
        orgs.append(
            {
                "id": i,
                "name": name,
                "name_key": normalise_key(name),
                "name_skeleton": confusable_skeleton(normalise_key(name)),
                "status": "projet" if young and rng.random() < 0.2 else "scic",
                "commune_insee": rng.choice(communes),
                "year_created": rng.randint(2021, 2025) if young else rng.randint(1995, 2020),
                "sector": rng.choice(sectors),
                "mentor_capacity": capacity,
                "proposable_sponsor": capacity > 0 and rng.random() < 0.7,
                "public_directory": rng.random() < 0.5,
                "in_difficulty": rng.random() < 0.05,
                "created_at": CREATED,
                "updated_at": CREATED,
            }
        )
        kinds["young" if young else "experienced"].append(i)
        if young:
            for theme in set(rng.choices(themes, need_weights, k=rng.randint(1, 3))):
                needs.append(_item(i, theme, rng, rng.choice(["open"] * 4 + ["met"])))
                needs[-1]["urgency"] = rng.choices(["low", "normal", "high"], [1, 3, 1])[0]
        for theme in rng.sample(themes, rng.randint(0, 1) if young else rng.randint(1, 4)):
            offers.append(_item(i, theme, rng, rng.choice(["active"] * 5 + ["withdrawn"])))
    db.session.execute(insert(Organisation), orgs)
    db.session.execute(insert(Need), needs)
    db.session.execute(insert(Offer), offers)
    sponsors = [o["id"] for o in orgs if o["mentor_capacity"] > 0]
    mentees = rng.sample(kinds["young"], k=len(kinds["young"]) // 5)
    db.session.execute(
        insert(Pairing),
        [
            {
                "mentee_id": mentee,
                "mentor_id": rng.choice(sponsors),
                "status": rng.choice(["active", "active", "awaiting_consent", "completed"]),
                "objectives": "",
                "planned_months": 12,
                "rhythm_days": 30,
                "created_at": CREATED,
                "updated_at": CREATED,
                "version": 1,
            }
            for mentee in mentees
        ],
    )
    db.session.execute(
        insert(PairRejection),
        [
            {
                "mentee_id": rng.choice(kinds["young"]),
                "mentor_id": rng.choice(sponsors),
                "reason": "Trop loin",
                "created_at": CREATED,
            }
            for _ in range(n_orgs // 20)
        ],
    )
    db.session.commit()
    sponsored = set(mentees)
    return {
        "young": [i for i in kinds["young"] if i not in sponsored],
        "experienced": [o["id"] for o in orgs if o["proposable_sponsor"]],
    }


def _item(org_id: int, theme: str, rng: random.Random, status: str) -> dict:
    return {
        "organisation_id": org_id,
        "theme_code": theme,
        "text": rng.choice(PHRASES[theme]).capitalize(),
        "status": status,
        "created_at": CREATED,
        "updated_at": CREATED,
    }


def add_members(org_ids: list[int]) -> list[str]:
    """One member account per organisation; their session tokens (no password, no login)."""
    rows = [
        {
            "email": f"membre{org_id}@bench.fr",
            "name": "",
            "role": "member",
            "organisation_id": org_id,
            "active": True,
            "session_token": f"bench-session-{org_id}",
            "created_at": CREATED,
        }
        for org_id in org_ids
    ]
    db.session.execute(insert(User), rows)
    db.session.commit()
    return [row["session_token"] for row in rows]


def sign_in(client, session_token: str) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = session_token
        session["_fresh"] = True
        session[LOGIN_AT] = int(time.time())


def change_the_network(app, rng: random.Random) -> None:
    """Edit one offer through the service, as a member would: the version changes."""
    from entraide.declarations.services import update_offer
    from entraide.models.network_version import current_token

    with app.app_context():
        before = current_token()
        offer_id = rng.choice(db.session.execute(select(Offer.id)).scalars().all())
        offer = db.session.get(Offer, offer_id)
        update_offer(offer, None, offer.theme_code, offer.text + " !")
        db.session.commit()
        assert current_token() != before
        db.session.remove()


def timed_get(client, path: str, statements: list) -> tuple[float, int]:
    before = len(statements)
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, len(statements) - before


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=62)
    args = parser.parse_args()

    from flask_migrate import upgrade

    rng = random.Random(args.seed)
    results = {}
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
            ids = seed(args.orgs, rng)
            seeded = time.perf_counter() - started
            counts = {
                "needs": db.session.scalar(
                    select(db.func.count()).select_from(Need).where(Need.status == "open")
                ),
                "offers": db.session.scalar(
                    select(db.func.count()).select_from(Offer).where(Offer.status == "active")
                ),
            }
            chosen = {
                kind: rng.sample(ids[kind], k=min(len(ids[kind]), 2 * args.requests))
                for kind in PAGES
            }
            tokens = {kind: add_members(org_ids) for kind, org_ids in chosen.items()}
            engine = db.engine
        # Each request in its own application context, as in production.
        statements: list = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
        for kind, path in PAGES.items():
            clients = []
            for token in tokens[kind]:
                client = app.test_client()
                sign_in(client, token)
                clients.append(client)
            timed_get(clients[-1], path, statements)  # imports, templates, gazetteer
            runs = {"cold": [], "warm": [], "repeat": []}
            queries = []
            for client in clients[: args.requests]:
                change_the_network(app, rng)
                elapsed, count = timed_get(client, path, statements)
                runs["cold"].append(elapsed)
                queries.append(count)
            for client in clients[args.requests :]:
                runs["warm"].append(timed_get(client, path, statements)[0])
            for client in clients[args.requests :]:
                runs["repeat"].append(timed_get(client, path, statements)[0])
            results[kind] = (runs, statistics.median(queries))
        engine.dispose()

    print(f"Charge de la machine (1 min) : {os.getloadavg()[0]:.1f} sur {os.cpu_count()} CPU")
    print(
        f"Réseau : {args.orgs} organisations (seed {args.seed}), {counts['needs']} besoins "
        f"ouverts, {counts['offers']} offres actives ; généré en {seeded:.1f} s sur SQLite"
    )
    print(f"Temps serveur par page, {args.requests} requêtes par mesure (cible {TARGET_MS} ms) :")
    for kind, (runs, queries) in results.items():
        print(f"  « {LABELS[kind]} » ({queries:.0f} requêtes SQL à froid)")
        for name, label in (("cold", "à froid"), ("warm", "tiède "), ("repeat", "répété")):
            values = [v * 1000 for v in runs[name]]
            print(
                f"    {label} : médiane {statistics.median(values):5.1f} ms, "
                f"p95 {percentile(values, 0.95):5.1f} ms, max {max(values):5.1f} ms"
            )


if __name__ == "__main__":
    main()
