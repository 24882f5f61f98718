"""The statistics page in a real browser: Chart.js loads from our own static files and draws."""

import os
import shutil

import pytest

from tests.disclosure.data import build

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch):
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI")
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; allow the ORM for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()
        # Playwright's greenlet gives Django's context-local connections a fresh context; close
        # the ones opened there, or PostgreSQL refuses to drop the test database.
        from django.db import connections

        connections.close_all()


def test_public_statistics_page_draws_charts(world, live_server, browser):
    server = live_server.url  # serves /static/ from the finders, as `make run` does
    build(world)
    page = browser.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if server not in r.url else None)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/public/statistics/?session={world.session.pk}")
    page.wait_for_function("typeof Chart !== 'undefined' && Chart.getChart('chart-grades')")
    values = page.evaluate("Chart.getChart('chart-grades').data.datasets[0].data")
    assert values == [2, 1, 0, 1]  # satisfied, basically, dissatisfied, not rated
    units = page.evaluate("Chart.getChart('chart-units').data.labels")
    assert "区交通运输局" in units
    assert errors == [] and external == []
