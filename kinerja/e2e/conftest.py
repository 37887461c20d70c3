"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Marked `browser`; `make test` runs them in their own pass. When KINERJA_REQUIRE_BROWSER is set
(CI), a missing chromium fails the run instead of skipping it."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("KINERJA_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        msg = f"chromium not found at {CHROMIUM}"
        if os.environ.get("KINERJA_REQUIRE_BROWSER"):
            pytest.fail(msg + " and KINERJA_REQUIRE_BROWSER is set", pytrace=False)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """The live server's tests empty every table after each test, the rows the data migrations
    made too (the BerAKHLAK values and guides, the libraries): put them back, so a story does
    not depend on running first."""
    import importlib

    from django.apps import apps

    for module in (
        "kinerja.planning.migrations.0002_seed",
        "kinerja.activity.migrations.0002_phrases",
    ):
        importlib.import_module(module).seed(apps, None)


@pytest.fixture
def page_for(browser, live_server):
    """`page_for(username, password, width=1280)` → a logged-in page (or anonymous with None)."""
    contexts = []

    def make(username=None, password=None, *, width=1280, height=900):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(10_000)
        page.base = live_server.url
        if username:
            page.goto(f"{live_server.url}/akun/masuk/")
            page.fill("#id_username", username)
            page.fill("#id_password", password)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield make
    for ctx in contexts:
        ctx.close()


def shot(page, name: str) -> None:
    """Keep a screenshot for people to look at (test-artifacts/ is gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
