"""Browser fixtures: the app served for real, and Debian's Chromium driven by Playwright.

The live server always gets its own SQLite file (even when TEST_DATABASE_URL points the
rest of the session at PostgreSQL), migrated like production and filled with the demo
network. CSRF stays enabled: the browser is a real client. Server and browser live as
long as this package's tests (scope "package"), not for the whole session.
"""

import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from entraide.app import create_app
from entraide.core.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
TIMEOUT_MS = 15_000  # generous: a loaded CI machine must not make the tests flaky


def _build_live_app(folder: Path):
    """An app of its own on a fresh SQLite file, migrated, with the demo network loaded."""
    from flask_migrate import upgrade

    from entraide.demo import load_demo

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(folder / "live.sqlite3"),
            "WTF_CSRF_ENABLED": True,
            "SECRET_KEY": "browser-tests-only-secret",
            "SESSION_COOKIE_SECURE": False,
            "MAIL_SERVER": "",
            # Served on 127.0.0.1 (any port): trusted whatever BASE_URL the environment sets.
            "BASE_URL": "http://127.0.0.1",
            # The journeys log in a dozen times from 127.0.0.1 within a minute.
            "RATELIMIT_ENABLED": False,
            # The demo's pièces justificatives: beside the database, not in instance/.
            "ACTION_FILES_FOLDER": str(folder / "pieces"),
        }
    )
    with app.app_context():
        upgrade()
        load_demo()
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture(scope="package")
def _live_app_future(tmp_path_factory):
    """Build the live app in a thread: the demo data loads while Chromium starts."""
    folder = tmp_path_factory.mktemp("live")
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-app") as pool:
        yield pool.submit(_build_live_app, folder)


@pytest.fixture(scope="package")
def live_app(_live_app_future):
    app = _live_app_future.result()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="package")
def live_server(live_app):
    """Serve the app on 127.0.0.1 (free port) from a background thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="package")
def browser(_live_app_future):
    """Debian's Chromium, headless. Missing Chromium is a failure, never a skip.

    Depends on the app's build only to start it first, so that both run at once.
    """
    if not CHROMIUM.exists():
        ci = " (CI=true)" if os.environ.get("CI") == "true" else ""
        pytest.fail(
            f"Chromium est introuvable : {CHROMIUM} n'existe pas{ci}. "
            "Installez le paquet Debian « chromium » (make browser), puis relancez les tests.",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


class Screenshots:
    """Full-page screenshots numbered in the order they are taken: NN-name.png."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(scope="package")
def screenshot():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return Screenshots(SCREENSHOTS)


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in fresh browser contexts (one per person); check the console at the end.

    Any JavaScript error or Content-Security-Policy violation fails the test.
    """
    contexts, problems = [], []

    def on_console(message):
        # Resource errors are left out: the 403 page is on purpose, /favicon.ico is missing.
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(f"console: {message.text}")

    def _new_page(viewport=DESKTOP, storage_state=None, **options):
        context = browser.new_context(
            base_url=live_server,
            viewport=viewport,
            locale="fr-FR",
            storage_state=storage_state,
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
        page.on("console", on_console)
        return page

    yield _new_page
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)
