"""Benchmark of the matching engine on seeded synthetic networks (a script, not a test).

Usage::

    python benchmarks/bench_matching.py                 # all sizes, Markdown table
    python benchmarks/bench_matching.py --sizes 30 2000

Each size runs in its own subprocess so that its peak memory (``ru_maxrss``,
which includes the interpreter, the libraries and the generated network) is
its own; library imports happen before the clock starts. The timed work is
what the coordinator's screen triggers: ``suggest`` (candidates, reasons,
proposed pairing) plus ``make_groups``; the CPU time (all threads) is shown
too, as wall time on a shared machine depends on its load. For
comparison the same run also times, on the small sizes, a plain pure-Python
pairwise scoring with the same formula (top-K by sorting every pair) and, where
the result fits in 2 GB, the bare numpy floor: one dense matrix product of the
mentees-by-mentors shape (needs × themes @ themes × offers).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (30, 2_000, 20_000, 50_000)
BASELINE_SIZES = (30, 2_000)
MEMORY_BUDGET = 2 * 1024**3

# Short French texts per theme, the way members write them in the forms.
PHRASES = {
    "benevolat": ["sécuriser le bénévolat des sociétaires", "contrôle URSSAF sur les bénévoles"],
    "dirigeance": ["statut du gérant et chômage", "rémunération des dirigeants de la coopérative"],
    "subventions": ["dossier de subvention régionale", "garder une association pour les aides"],
    "collectivites": ["présenter la SCIC aux élus", "entrée d'une commune au capital"],
    "gouvernance": ["animer les collèges de vote", "préparer l'assemblée générale annuelle"],
    "gestion": ["tenue de la comptabilité", "tableaux de bord et trésorerie"],
    "financement": ["augmenter les fonds propres", "titres participatifs et prêt bancaire"],
    "juridique": ["transformer l'association en SCIC", "révision coopérative des statuts"],
    "communication": ["refaire le site et les réseaux sociaux", "relations avec la presse locale"],
    "numerique": ["logiciels libres pour la gestion", "hébergement du site web"],
    "emploi": ["premier recrutement en CDI", "contrats aidés et fiches de poste"],
    "commercial": ["vente en circuit court", "répondre aux marchés publics"],
    "lieu": ["trouver un local partagé", "ouvrir un tiers-lieu"],
    "evenementiel": ["organiser un atelier ouvert", "co-organiser la quinzaine des SCIC"],
    "difficultes": ["crise de trésorerie", "procédure de sauvegarde"],
}
NEED_BIAS = {
    "gouvernance": 3,
    "financement": 3,
    "subventions": 2,
    "dirigeance": 2,
    "difficultes": 2,
}
SECTOR_CODES = [
    "services",
    "energie",
    "commerce",
    "industrie",
    "action_sociale",
    "sante",
    "culture",
    "agriculture",
    "habitat",
    "mobilite",
    "autre",
]


def communes_path() -> Path:
    """The communes shipped in the package, else the shared reference copy."""
    shipped = ROOT / "entraide" / "data" / "communes-62.csv"
    return (
        shipped if shipped.exists() else ROOT / ".." / "shared" / "data" / "geo" / "communes-62.csv"
    )


def load_communes() -> list[dict]:
    with communes_path().open(encoding="utf-8", newline="") as f:
        return [
            {"name": r["name"], "lat": float(r["lat"]), "lon": float(r["lon"]), "epci": r["epci"]}
            for r in csv.DictReader(f)
        ]


def synthetic_network(n: int, seed: int = 62) -> list:
    """A seeded network of ``n`` organisations spread over the communes of the 62."""
    from entraide.matching import NeedItem, OfferItem, OrgProfile

    rng = random.Random(seed)
    communes = load_communes()
    themes = list(PHRASES)
    need_weights = [NEED_BIAS.get(t, 1) for t in themes]
    orgs, item_id = [], 0
    for i in range(1, n + 1):
        c = rng.choice(communes)
        young = rng.random() < 0.5
        lat, lon, inside = c["lat"] + rng.gauss(0, 0.01), c["lon"] + rng.gauss(0, 0.01), True
        if rng.random() < 0.02:
            lat, lon, inside = 50.63, 3.06, False  # a member based in Lille
        if rng.random() < 0.02:
            lat = lon = None
        if young:
            year = None if rng.random() < 0.15 else rng.randint(2021, 2025)
        else:
            year = None if rng.random() < 0.03 else rng.randint(1995, 2020)
        capacity = 0 if young else rng.choices([0, 1, 2, 3], [3, 4, 2, 1])[0]
        needs, offers = [], []
        if young or rng.random() < 0.2:
            for theme in sorted(set(rng.choices(themes, need_weights, k=rng.randint(1, 4)))):
                item_id += 1
                urgency = rng.choices(["low", "normal", "high"], [1, 3, 1])[0]
                needs.append(NeedItem(item_id, theme, rng.choice(PHRASES[theme]), urgency))
        for theme in rng.sample(themes, rng.randint(0, 2) if young else rng.randint(1, 5)):
            item_id += 1
            offers.append(OfferItem(item_id, theme, rng.choice(PHRASES[theme])))
        hosted = (
            None
            if rng.random() < 0.5
            else datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
        )
        orgs.append(
            OrgProfile(
                i,
                f"SCIC {i:05d} de {c['name']}",
                lat=lat,
                lon=lon,
                year_created=year,
                sector=rng.choice(SECTOR_CODES),
                is_young=young,
                mentor_capacity=capacity,
                active_mentees=rng.randint(0, capacity),
                needs=tuple(needs),
                offers=tuple(offers),
                commune_name=c["name"],
                epci=c["epci"],
                in_departement=inside,
                last_hosted_on=hosted,
            )
        )
    return orgs


def naive_top_k(orgs, params, reference_year: int) -> int:
    """Plain pure-Python pairwise scoring with the engine's formula; returns the pairs scored."""
    from entraide.geo.distance import EARTH_RADIUS_KM
    from entraide.matching.features import need_theme_weights
    from entraide.matching.suggest import is_mentee, is_mentor
    from entraide.matching.text import french_terms

    mentees = [o for o in orgs if is_mentee(o)]
    mentors = [o for o in orgs if is_mentor(o)]
    docs = [Counter(french_terms(" ".join(x.text for x in o.needs))) for o in mentees]
    docs += [Counter(french_terms(" ".join(x.text for x in o.offers))) for o in mentors]
    df = Counter(term for doc in docs for term in doc)
    idf = {t: math.log((1 + len(docs)) / (1 + d)) + 1 for t, d in df.items()}
    vectors = []
    for doc in docs:
        v = {t: (1 + math.log(c)) * idf[t] for t, c in doc.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({t: x / norm for t, x in v.items()})
    w = params.weights
    pairs = 0
    for i, e in enumerate(mentees):
        needs = need_theme_weights(e.needs)
        total_need = sum(needs.values())
        scored = []
        for j, m in enumerate(mentors):
            offered = {o.theme for o in m.offers}
            comp = sum(v for t, v in needs.items() if t in offered) / total_need
            ve, vm = vectors[i], vectors[len(mentees) + j]
            text = sum(x * vm.get(t, 0.0) for t, x in ve.items())
            if comp == 0 and text == 0:
                continue
            prox = 0.0
            if e.lat is not None and m.lat is not None:
                d = _haversine(e.lat, e.lon, m.lat, m.lon, EARTH_RADIUS_KM)
                prox = 0.5 ** (d / params.half_distance_km)
            exp = 0.5
            if e.year_created and m.year_created:
                gap = max(0, e.year_created - m.year_created)
                exp = gap / (gap + 5)
            aff = float(e.sector == m.sector and e.sector not in (None, "autre"))
            score = (
                w["complementarity"] * comp
                + w["text"] * text
                + w["proximity"] * prox
                + w["experience"] * exp
                + w["affinity"] * aff
            ) / sum(w.values())
            scored.append((-score, m.id))
            pairs += 1
        scored.sort()
        del scored[params.top_k :]
    return pairs


def _haversine(lat1, lon1, lat2, lon2, radius_km):
    # The pure-Python baseline keeps its own copy of entraide.geo.distance's formula (calling
    # the numpy one pair at a time is 20 times slower and would time numpy, not Python).
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * radius_km * math.asin(math.sqrt(a))


def run_one(n: int) -> dict:
    """Time one size in this process (called in a subprocess by ``main``)."""
    import numpy as np

    from entraide.matching import MatchingParams, make_groups, suggest
    from entraide.matching.suggest import is_mentee, is_mentor

    # Library imports are start-up costs, not matching costs: pay them before timing.
    for module in ("scipy.optimize", "sklearn.feature_extraction.text"):
        importlib.import_module(module)

    params = MatchingParams()
    orgs = synthetic_network(n)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    cpu = time.process_time()
    start = time.perf_counter()
    result = suggest(orgs, params, reference_year=2025)
    middle = time.perf_counter()
    groups = make_groups(orgs, params)
    end = time.perf_counter()
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    n_e = sum(map(is_mentee, orgs))
    n_m = sum(map(is_mentor, orgs))
    row = {
        "n": n,
        "mentees": n_e,
        "mentors": n_m,
        "seconds": end - start,
        "cpu_seconds": cpu,
        "suggest_seconds": middle - start,
        "groups_seconds": end - middle,
        "peak_bytes": peak,
        "rss_before": rss_before,
        "pairs": len(result.proposed_pairs),
        "groups": len(groups.groups),
        "unplaced": len(groups.unplaced),
    }
    if n in BASELINE_SIZES:
        start = time.perf_counter()
        naive_top_k(orgs, params, 2025)
        row["naive_seconds"] = time.perf_counter() - start
    if n_e * n_m * 8 <= MEMORY_BUDGET:
        rng = np.random.default_rng(0)
        a, b = rng.random((n_e, 15)), rng.random((15, n_m))
        timings = []
        for _ in range(3):  # best of three: a loaded machine adds noise, never speed
            start = time.perf_counter()
            a @ b
            timings.append(time.perf_counter() - start)
        row["floor_seconds"] = min(timings)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run is not None:
        print(json.dumps(run_one(args.run)))
        return
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"nproc: {os.cpu_count()}, python {sys.version.split()[0]}, load average: {load}\n")
    print(
        "| organisations | mentees × mentors | suggestions + pairing + groups "
        "(suggest / groups) | CPU time | peak RSS (before the run) | pure-Python pairwise "
        "| numpy floor (1 matmul) | pairs | groups |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--run", str(n)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        naive = f"{r['naive_seconds']:.2f} s" if "naive_seconds" in r else "–"
        if "floor_seconds" in r:
            floor = f"{r['floor_seconds'] * 1000:.1f} ms"
        else:
            floor = f"skipped ({r['mentees'] * r['mentors'] * 8 / 1024**3:.1f} GB)"
        print(
            f"| {r['n']:,} | {r['mentees']:,} × {r['mentors']:,} | {r['seconds']:.2f} s "
            f"({r['suggest_seconds']:.2f} / {r['groups_seconds']:.2f}) | {r['cpu_seconds']:.2f} s "
            f"| {r['peak_bytes'] / 1024**2:,.0f} MB ({r['rss_before'] / 1024**2:,.0f}) "
            f"| {naive} | {floor} | {r['pairs']:,} "
            f"| {r['groups']:,} |".replace(",", " ")
        )


if __name__ == "__main__":
    main()
