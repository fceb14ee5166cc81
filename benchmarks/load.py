"""Load test of the whole stack under gunicorn (a script, not a test).

Usage::

    .venv/bin/python benchmarks/load.py [--quick] [--users 50] [--seconds 60]
                                        [--think 0] [--backends postgres,sqlite]

For each backend (PostgreSQL, then SQLite in WAL mode) it builds a scratch database
(PostgreSQL: ``entraide_load``, dropped first; SQLite: a temporary file), migrates it,
loads the demo network (whose year of life has an active parrainage between the member
and sponsor demo accounts' SCICs; started if missing), then serves the app with
``gunicorn -w 4`` on 127.0.0.1 beside ``flask outbox worker`` delivering to a local
SMTP server (aiosmtpd, in this process), and simulates users (threads, stdlib
``http.client``, one cookie jar each, one login each before the clock starts): members
declare needs, log meetings and ask for a password reset (the mail path), the
coordination reads the review queue, the suggestions and the organisations, the funder
reads the dashboard. Every write answered by the expected 302 is counted and compared
with the rows in the database afterwards; every mail queued is looked for at the SMTP
server once the outbox is empty (none lost, none twice). Then a one-route Flask app
under the same gunicorn settings is hammered by the same loop: the ceiling of this
machine. Prints Markdown tables.

Loopback only, bounded in users and time, gunicorn always stopped, temporaries removed.
Targets: 0 errors, p95 under 300 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "entraide_load"
SECRET_KEY = "load-benchmark-not-a-secret"  # noqa: S105 - scratch databases only
WORKERS = 4
MAX_USERS = 200
MAX_SECONDS = 600
REQUEST_TIMEOUT = 30
TARGET_P95_MS = 300

# Demo accounts (entraide/demo/__init__.py); the password is read from there.
MEMBER = "membre@entraide.example"  # Tiers-lieu fictif de l'Artois, the mentee
SPONSOR = "parrain@entraide.example"  # SCIC fictive Habitat de Lens-Hénin, the mentor
COORDINATOR = "coordination@entraide.example"
VIEWER = "financeur@entraide.example"
# Of every 10 simulated users: 6 members (3 + 3), 2 coordinators, 2 funders.
ROLE_CYCLE = (MEMBER, SPONSOR, COORDINATOR, MEMBER, SPONSOR, VIEWER, MEMBER, SPONSOR) + (
    COORDINATOR,
    VIEWER,
)
WRITE_KINDS = ("POST need", "POST meeting", "POST reset")
# How long the outbox may take to empty once the clients stop.
DRAIN_SECONDS = 120

SEED = """
import json
from entraide.app import create_app
from entraide.core.extensions import db
from entraide.models import Pairing, User
from entraide.pairings import services

app = create_app()
with app.app_context():
    user = {u.email: u for u in db.session.execute(db.select(User)).scalars()}
    # The demo accounts say which organisations the simulated members act for.
    mentee = user["membre@entraide.example"].organisation
    mentor = user["parrain@entraide.example"].organisation
    pairing = services.live_pairing_of(mentee.id)
    if pairing is None:
        pairing = services.propose(user["coordination@entraide.example"], mentee, mentor,
                                   objectives="Banc de charge")
        db.session.flush()
    if pairing.status == "awaiting_consent":
        services.answer(pairing, user["membre@entraide.example"], "mentee", True, None)
        services.answer(pairing, user["parrain@entraide.example"], "mentor", True, None)
    db.session.commit()
    assert pairing.status == "active", pairing.status
    print(json.dumps({"pairing": pairing.id, "mentee": mentee.id, "mentor": mentor.id}))
"""

CEILING_APP = """
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"
"""

CSRF_RE = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE_RE = re.compile(r'value="([^"]*)"')


# ---------------------------------------------------------------- the client


class Client:
    """One simulated browser: a session cookie, one connection per request (sync gunicorn)."""

    def __init__(self, port: int, stats: Stats):
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.email = ""

    def request(self, kind: str, method: str, path: str, form: dict | None = None):
        """Send one request; record its latency; return (status, headers, body) or None."""
        headers = {"Host": f"{HOST}:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{self.port}"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        start = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as error:
            self.stats.add(kind, time.perf_counter() - start, f"{type(error).__name__}")
            return None
        elapsed = time.perf_counter() - start
        for value in response.headers.get_all("Set-Cookie") or ():
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        error = None if 200 <= response.status < 400 else f"HTTP {response.status}"
        self.stats.add(kind, elapsed, error)
        return response.status, response.headers, payload.decode("utf-8", "replace")

    def csrf(self, kind: str, path: str) -> str | None:
        result = self.request(kind, "GET", path)
        if result is None or result[0] != 200:
            return None
        match = CSRF_RE.search(result[2])
        value = match and VALUE_RE.search(match.group(0))
        return value.group(1) if value else None

    def login(self, email: str, password: str) -> bool:
        self.email = email
        token = self.csrf("GET /connexion", "/connexion")
        if token is None:
            return False
        result = self.request(
            "POST /connexion",
            "POST",
            "/connexion",
            {"email": email, "password": password, "csrf_token": token},
        )
        return result is not None and result[0] == 302 and "/connexion" not in result[1]["Location"]


class Stats:
    """Latencies and errors per route kind, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.writes_ok: dict[str, int] = defaultdict(int)
        self.recording = False

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        if not self.recording:
            return
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind][error] += 1

    def flag(self, kind: str, error: str) -> None:
        """An error found after the fact (a 302 to the wrong place): no new latency sample."""
        if self.recording:
            with self.lock:
                self.errors[kind][error] += 1

    def write_ok(self, kind: str) -> None:
        with self.lock:
            self.writes_ok[kind] += 1

    def rows(self, seconds: float) -> list[tuple]:
        kinds = sorted(self.latencies)
        every = [x for k in kinds for x in self.latencies[k]]
        result = [self._row(k, self.latencies[k], self.errors[k], seconds) for k in kinds]
        total_errors: dict[str, int] = defaultdict(int)
        for k in kinds:
            for name, n in self.errors[k].items():
                total_errors[name] += n
        result.append(self._row("**all**", every, total_errors, seconds))
        return result

    @staticmethod
    def _row(kind, values, errors, seconds) -> tuple:
        if not values:
            return (kind, 0, 0.0, None, None, 0, "")
        ms = sorted(v * 1000 for v in values)
        p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        detail = ", ".join(f"{n} × {name}" for name, n in sorted(errors.items()))
        return (
            kind,
            len(ms),
            len(ms) / seconds,
            statistics.median(ms),
            p95,
            sum(errors.values()),
            detail,
        )


def member_loop(client: Client, ids: dict, org_id: int, rng: random.Random) -> None:
    """One member's action: read pages, declare a need, or log a meeting."""
    pairing = ids["pairing"]
    roll = rng.random()
    if roll < 0.1:
        # « Mot de passe oublié » for the member's own address: one mail through the outbox.
        token = client.csrf("GET reset form", "/mot-de-passe/oublie")
        if token is None:
            return
        form = {"csrf_token": token, "email": client.email}
        result = client.request("POST reset", "POST", "/mot-de-passe/oublie", form)
        if result and result[0] == 302 and result[1]["Location"].endswith("/connexion"):
            client.stats.write_ok("POST reset")
        elif result and result[0] == 302:
            client.stats.flag("POST reset", f"302 to {result[1]['Location']}")
    elif roll < 0.4:
        client.request("GET organisation", "GET", f"/organisations/{org_id}")
        client.request("GET parrainage", "GET", f"/parrainages/{pairing}")
    elif roll < 0.7:
        path = f"/organisations/{org_id}/besoins/nouveau"
        token = client.csrf("GET need form", path)
        if token is None:
            return
        form = {
            "csrf_token": token,
            "theme": rng.choice(("gouvernance", "financement", "numerique", "emploi")),
            "text": f"Besoin de charge {rng.randrange(10**9)}",
            "urgency": "normal",
        }
        result = client.request("POST need", "POST", path, form)
        if result and result[0] == 302 and result[1]["Location"].endswith(f"/{org_id}"):
            client.stats.write_ok("POST need")
        elif result and result[0] == 302:
            client.stats.flag("POST need", f"302 to {result[1]['Location']}")
    else:
        path = f"/parrainages/{pairing}/rencontres/nouvelle"
        token = client.csrf("GET meeting form", path)
        if token is None:
            return
        form = {
            "csrf_token": token,
            "held_on": date.today().isoformat(),
            "format": rng.choice(("visit", "video", "phone", "workshop")),
            "participants": "Sam Sociétaire, Dominique Parrain",
            "duration_minutes": "60",
            "volunteer_hours": "1,5",
            "summary": f"Rencontre de charge {rng.randrange(10**9)}",
            "actions-0-description": "Relire les statuts",
            "actions-0-owner": "Sam",
        }
        result = client.request("POST meeting", "POST", path, form)
        if result and result[0] == 302 and f"/parrainages/{pairing}" in result[1]["Location"]:
            client.stats.write_ok("POST meeting")
        elif result and result[0] == 302:
            client.stats.flag("POST meeting", f"302 to {result[1]['Location']}")


def coordinator_loop(client: Client, ids: dict, org_id: int, rng: random.Random) -> None:
    path = rng.choice(
        (
            ("GET review queue", "/parrainages/file"),
            ("GET suggestions", "/rapprochement/suggestions"),
            ("GET organisations", "/organisations"),
        )
    )
    client.request(path[0], "GET", path[1])


def viewer_loop(client: Client, ids: dict, org_id: int, rng: random.Random) -> None:
    client.request("GET dashboard", "GET", "/tableau-de-bord/")


def ceiling_loop(client: Client, ids: dict, org_id: int, rng: random.Random) -> None:
    client.request("GET / (one-route app)", "GET", "/")


def simulate(port: int, ids: dict | None, users: int, seconds: float, think: float, password):
    """Run `users` threads for `seconds` after they all logged in; return (stats, elapsed)."""
    stats = Stats()
    deadline = [0.0]
    start = [0.0]

    def go() -> None:  # run once, when every user has logged in, before any is released
        start[0] = time.monotonic()
        deadline[0] = start[0] + seconds
        stats.recording = True

    ready = threading.Barrier(users + 1, action=go, timeout=300)
    login_failures = []

    def user(index: int) -> None:
        rng = random.Random(index)
        client = Client(port, stats)
        if ids is None:
            loop, org_id = ceiling_loop, 0
        else:
            email = ROLE_CYCLE[index % len(ROLE_CYCLE)]
            loop = {
                MEMBER: member_loop,
                SPONSOR: member_loop,
                COORDINATOR: coordinator_loop,
                VIEWER: viewer_loop,
            }[email]
            org_id = ids["mentee"] if email == MEMBER else ids["mentor"]
            if not client.login(email, password):
                login_failures.append(email)
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            return
        while time.monotonic() < deadline[0]:
            loop(client, ids, org_id, rng)
            if think:
                time.sleep(rng.uniform(0.5, 1.5) * think)

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    login_start = time.monotonic()
    for thread in threads:
        thread.start()
    ready.wait()
    login_seconds = time.monotonic() - login_start
    if login_failures:
        raise RuntimeError(f"{len(login_failures)} login(s) failed: {sorted(set(login_failures))}")
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 10)
    elapsed = time.monotonic() - start[0]
    stats.recording = False
    return stats, elapsed, login_seconds


# ---------------------------------------------------------------- the server side


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run(cmd, env, cwd=ROOT, timeout=300) -> str:
    done = subprocess.run(
        cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Gunicorn:
    """gunicorn -w 4 on a free loopback port, its output in a log file; always stopped."""

    def __init__(self, app: str, env: dict, cwd: Path, log: Path):
        self.port = free_port()
        self.log = log
        self.handle = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [VENV_BIN / "gunicorn", "-w", str(WORKERS), "-b", f"{HOST}:{self.port}", app],
            env=env,
            cwd=cwd,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", path)
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def stop(self) -> None:
        stop_process(self.process)  # graceful: the arbiter stops its workers
        self.handle.close()


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, as systemd does; SIGKILL to the whole group after 30 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


class SmtpSink:
    """A local SMTP server (aiosmtpd) that keeps the Message-ID of every mail it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
                match = re.search(rb"^Message-ID:\s*(\S+)", envelope.content, re.I | re.M)
                with sink.lock:
                    sink.message_ids.append(match.group(1).decode() if match else "")
                return "250 OK"

        self.lock = threading.Lock()
        self.message_ids: list[str] = []
        self.port = free_port()
        self.controller = Controller(Handler(), hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


class OutboxWorker:
    """``flask outbox worker`` delivering to the sink; stopped with SIGTERM like systemd does."""

    def __init__(self, env: dict, log: Path):
        self.handle = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [VENV_BIN / "flask", "--app", "entraide", "outbox", "worker"],
            env=env,
            cwd=ROOT,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        stop_process(self.process)
        self.handle.close()


def outbox_counts(database_url: str, after_id: int = 0) -> dict[str, int]:
    """Mails of the outbox by status (those queued after mail ``after_id``)."""
    query = f"SELECT status, count(*) FROM outbox WHERE id > {int(after_id)} GROUP BY status"
    return dict(fetch_all(database_url, query))


def last_mail_id(database_url: str) -> int:
    # By id, not by count: the worker purges old sent mails while the clients run.
    return fetch_all(database_url, "SELECT coalesce(max(id), 0) FROM outbox")[0][0]


def drain_outbox(database_url: str, timeout: float = DRAIN_SECONDS) -> tuple[dict, float]:
    """Wait until nothing waits or is being sent; return the counts and the seconds waited."""
    start = time.monotonic()
    while True:
        counts = outbox_counts(database_url)
        busy = counts.get("waiting", 0) + counts.get("sending", 0)
        if not busy or time.monotonic() - start > timeout:
            return counts, time.monotonic() - start
        time.sleep(0.5)


def pg_admin(statements) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def count_rows(database_url: str) -> dict[str, int]:
    queries = {
        "POST need": "SELECT count(*) FROM need",
        "POST meeting": "SELECT count(*) FROM followup",
        "POST reset": "SELECT count(*) FROM outbox WHERE kind LIKE '%password_reset%'",
    }
    return {kind: fetch_all(database_url, query)[0][0] for kind, query in queries.items()}


def fetch_all(database_url: str, query: str) -> list[tuple]:
    """The rows of ``query`` read by a connection of its own (the server's are busy)."""
    if database_url.startswith("sqlite:///"):
        conn = sqlite3.connect(database_url[len("sqlite:///") :])
        try:
            return conn.execute(query).fetchall()
        finally:
            conn.close()
    import psycopg

    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def log_findings(log: Path) -> dict[str, int]:
    """Count notable lines of the server log (exceptions, locks, worker timeouts)."""
    patterns = {
        "database is locked": "database is locked",
        "Traceback": "Traceback",
        "WORKER TIMEOUT": "WORKER TIMEOUT",
        "OperationalError": "OperationalError",
        "IntegrityError": "IntegrityError",
    }
    text = log.read_text(errors="replace")
    return {name: text.count(p) for name, p in patterns.items() if p in text}


def bench_backend(backend: str, args, password: str, scratch: Path, sink: SmtpSink) -> dict:
    instance = scratch / f"instance-{backend}"
    instance.mkdir()
    if backend == "postgres":
        name = args.pg_database
        pg_admin([f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"])
        database_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    else:
        database_url = f"sqlite:///{instance / 'entraide.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENTRAIDE_INSTANCE_PATH": str(instance),
        "SECRET_KEY": SECRET_KEY,
        "RATELIMIT_ENABLED": "false",
        "PYTHONPATH": str(ROOT),
        "MAIL_SERVER": HOST,
        "MAIL_PORT": str(sink.port),
        "OUTBOX_POLL_SECONDS": "1",
    }
    env.pop("FLASK_APP", None)
    flask = [VENV_BIN / "flask", "--app", "entraide"]
    try:
        run([*flask, "db", "upgrade"], env)
        run([*flask, "demo"], env)
        ids = json.loads(run([VENV_BIN / "python", "-c", SEED], env).strip().splitlines()[-1])
        worker = OutboxWorker(env, scratch / f"worker-{backend}.log")
        server = None
        try:
            drain_outbox(database_url)  # the seed's own mails go before the clock starts
            before = count_rows(database_url)
            mails_before = last_mail_id(database_url)
            received_before = len(sink.message_ids)
            server = Gunicorn("wsgi:app", env, ROOT, scratch / f"gunicorn-{backend}.log")
            server.wait_ready("/connexion")
            stats, elapsed, login_seconds = simulate(
                server.port, ids, args.users, args.seconds, args.think, password
            )
            _, drain_seconds = drain_outbox(database_url)
            outbox = outbox_counts(database_url, after_id=mails_before)
        finally:
            if server is not None:
                server.stop()
            worker.stop()
        after = count_rows(database_url)
        received = sink.message_ids[received_before:]
        return {
            "mails": {
                "queued": sum(outbox.values()),
                "sent": outbox.get("sent", 0),
                "failed": outbox.get("failed", 0),
                "waiting": outbox.get("waiting", 0) + outbox.get("sending", 0),
                "received": len(set(received)),
                "twice": len(received) - len(set(received)),
                "drain_seconds": drain_seconds,
            },
            "backend": backend,
            "stats": stats,
            "elapsed": elapsed,
            "login_seconds": login_seconds,
            "created": {k: after[k] - before[k] for k in WRITE_KINDS},
            "log": log_findings(server.log),
            "log_tail": _error_lines(server.log),
        }
    finally:
        if backend == "postgres":
            pg_admin([f"DROP DATABASE IF EXISTS {args.pg_database} WITH (FORCE)"])


def _error_lines(log: Path, limit: int = 6) -> list[str]:
    """The distinct exception lines of the server log (the last line of each traceback)."""
    seen: dict[str, int] = {}
    for line in log.read_text(errors="replace").splitlines():
        if re.match(r"^[\w.]+(Error|Exception|Timeout)\b", line) or "WORKER TIMEOUT" in line:
            key = re.sub(r"\d+", "N", line)[:200]
            seen[key] = seen.get(key, 0) + 1
    return [f"{n} × {line}" for line, n in sorted(seen.items(), key=lambda x: -x[1])][:limit]


def bench_ceiling(args, scratch: Path) -> dict:
    folder = scratch / "ceiling"
    folder.mkdir()
    (folder / "ceiling_app.py").write_text(CEILING_APP)
    env = {**os.environ, "PYTHONPATH": str(folder)}
    server = Gunicorn("ceiling_app:app", env, folder, scratch / "gunicorn-ceiling.log")
    try:
        server.wait_ready("/")
        stats, elapsed, _ = simulate(server.port, None, args.users, args.seconds, args.think, "")
    finally:
        server.stop()
    return {"backend": "ceiling", "stats": stats, "elapsed": elapsed}


# ---------------------------------------------------------------- the report


def _fmt(value, digits=0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def print_report(results: list[dict], args) -> None:
    print()
    print(
        f"{args.users} users, {args.seconds:g} s, think time {args.think:g} s, "
        f"gunicorn -w {WORKERS} (sync), {os.cpu_count()} CPU(s), client on the same machine"
    )
    print()
    print("| backend | route | requests | req/s | p50 ms | p95 ms | errors |")
    print("|---|---|---:|---:|---:|---:|---|")
    for result in results:
        for kind, n, rate, p50, p95, errors, detail in result["stats"].rows(result["elapsed"]):
            shown = str(errors) + (f" ({detail})" if detail else "")
            print(
                f"| {result['backend']} | {kind} | {n} | {rate:.1f} | {_fmt(p50)} | "
                f"{_fmt(p95)} | {shown} |"
            )
    print()
    print("| backend | write | client 302s | new rows | lost |")
    print("|---|---|---:|---:|---:|")
    for result in results:
        if "created" not in result:
            continue
        for kind in WRITE_KINDS:
            ok, rows = result["stats"].writes_ok[kind], result["created"][kind]
            print(f"| {result['backend']} | {kind} | {ok} | {rows} | {ok - rows} |")
    print()
    print(
        "| backend | mails queued | sent | failed | still waiting | received by SMTP "
        "| received twice | lost | outbox empty after |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for result in results:
        if "mails" not in result:
            continue
        m = result["mails"]
        print(
            f"| {result['backend']} | {m['queued']} | {m['sent']} | {m['failed']} | {m['waiting']} "
            f"| {m['received']} | {m['twice']} | {m['queued'] - m['received']} "
            f"| {m['drain_seconds']:.1f} s |"
        )
    print()
    for result in results:
        if "created" not in result:
            continue
        every = result["stats"].rows(result["elapsed"])[-1]
        mails = result["mails"]
        lost = any(result["stats"].writes_ok[k] != result["created"][k] for k in WRITE_KINDS)
        lost = lost or mails["queued"] != mails["received"] or mails["twice"] > 0
        verdict = (
            "meets the targets"
            if every[5] == 0 and (every[4] or 0) < TARGET_P95_MS and not lost
            else "DOES NOT meet the targets"
        )
        print(
            f"- {result['backend']}: {verdict} (errors {every[5]}, p95 {_fmt(every[4])} ms, "
            f"writes or mails lost: {'yes' if lost else 'none'}); logins took "
            f"{result['login_seconds']:.1f} s before the clock started"
        )
        if result["log"]:
            print(f"  server log: {result['log']}")
        for line in result["log_tail"]:
            print(f"    {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0, help="mean pause between actions (s)")
    parser.add_argument("--quick", action="store_true", help="10 users, 10 s")
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument(
        "--pg-database",
        default=PG_DB,
        help=f"scratch PostgreSQL database, dropped and created again (default {PG_DB})",
    )
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.pg_database):
        parser.error("--pg-database: lower-case letters, digits and _ only")
    if args.quick:
        args.users, args.seconds = 10, 10.0
    if not (1 <= args.users <= MAX_USERS and 1 <= args.seconds <= MAX_SECONDS):
        parser.error(f"--users 1..{MAX_USERS}, --seconds 1..{MAX_SECONDS}")
    backends = [b for b in args.backends.split(",") if b]
    if set(backends) - {"postgres", "sqlite"}:
        parser.error("--backends: postgres and/or sqlite")

    sys.path.insert(0, str(ROOT))
    from entraide.demo import DEMO_PASSWORD

    results = []
    scratch = Path(tempfile.mkdtemp(prefix="entraide-load-"))
    sink = SmtpSink()
    try:
        for backend in backends:
            print(f"{backend}: setting up and loading…", file=sys.stderr, flush=True)
            results.append(bench_backend(backend, args, DEMO_PASSWORD, scratch, sink))
        if not args.no_ceiling:
            print("ceiling: one-route app…", file=sys.stderr, flush=True)
            results.append(bench_ceiling(args, scratch))
    finally:
        sink.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    print_report(results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
