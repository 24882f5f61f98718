"""Playwright driving Debian's Chromium against a live test server. No browser is downloaded.

Without /usr/bin/chromium these tests are skipped with one line saying why; `.ci/run` installs it.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "browser tests skipped: the playwright package is not installed"
    return None


_skipped: list[str] = []


@pytest.hookimpl(trylast=True)  # after `-m`/`-k` deselection: judge only what will run
def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "browser" in item.keywords]
    reason = _missing() if browser_items else None
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(reason.replace("skipped", "cannot run in CI"))
    marker = pytest.mark.skip(reason=reason)
    for item in browser_items:
        item.add_marker(marker)
    _skipped.append(reason)


def pytest_terminal_summary(terminalreporter):
    # The one line saying why, even under -q (which hides skip reasons).
    for reason in _skipped:
        terminalreporter.write_line(reason, yellow=True)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Playwright's sync API keeps an event loop running in this
    thread while it lives, so it must not outlive the browser tests: later tests (asyncio.run,
    async_to_sync) would fail. Meanwhile the tests' own ORM calls are ordinary synchronous calls,
    so Django's async-safety guard is told, and only for as long as the browser lives."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            instance = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_configure(config):
    """Clear the last run's screenshots once, before any test: under xdist only the controller
    (no `workerinput`) does it, or one worker deletes the files another is writing."""
    if hasattr(config, "workerinput"):
        return
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(params=["desktop", "phone"])
def viewport(request):
    return request.param


@pytest.fixture
def page_factory(browser, viewport):
    """New isolated browser contexts (one per person) at the test's viewport, Chinese locale."""
    contexts = []
    size = (
        {"width": 1366, "height": 900} if viewport == "desktop" else {"width": 375, "height": 740}
    )

    def make():
        context = browser.new_context(
            viewport=size,
            locale="zh-CN",
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot(viewport):
    """Save a full-page screenshot of every screen: test-artifacts/screens/<viewport>/<nn>-<name>.png."""
    counter = {"n": 0}

    def take(page, name: str) -> Path:
        counter["n"] += 1
        path = ARTIFACTS / viewport / f"{counter['n']:03d}-{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads made in the browser go to a temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
