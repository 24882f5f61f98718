"""Pages keep working under the production Content-Security-Policy: every script is a same-origin
file (no inline script or handler), and in a real browser Swagger UI and the charts draw with no
CSP violation."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.db import connections

from config.settings_security import content_security_policy
from tests import steps
from tests.disclosure.data import build

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class Scripts(HTMLParser):
    """Collects <script> tags (src, type, inline text) and inline event handler attributes."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[str] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        if tag == "script":
            self._open = {"src": attrs.get("src"), "type": attrs.get("type"), "text": ""}
            self.scripts.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


@pytest.fixture
def production_csp(settings):
    """The production middleware and policy (config.settings_security) on top of the test ones."""
    settings.MIDDLEWARE = ["csp.middleware.CSPMiddleware", *settings.MIDDLEWARE]
    settings.CONTENT_SECURITY_POLICY = content_security_policy()


def assert_only_same_origin_script_files(client, response) -> list[str]:
    """Every executable script is a same-origin file that answers; returns their URLs."""
    assert response.status_code == 200
    policy = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    parser = Scripts()
    parser.feed(response.content.decode())
    assert parser.handlers == []
    urls = []
    for script in parser.scripts:
        if script["type"] == "application/json":  # data (json_script), never executed
            continue
        src = script["src"]
        assert src and not script["text"].strip(), script
        assert not src.startswith(("http:", "https:", "//")), src
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/").split("?")[0]), src
        else:
            assert client.get(src).status_code == 200, src
        urls.append(src)
    return urls


def test_swagger_ui_loads_its_init_script_as_a_file(world, client, production_csp):
    urls = assert_only_same_origin_script_files(client, client.get("/api/docs/"))
    init = [u for u in urls if not u.startswith("/static/")]
    assert len(init) == 1 and "script" in init[0]
    script = client.get(init[0])
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content and b"/api/schema/" in script.content
    assert b"validator.swagger.io" not in script.content


def test_pages_with_scripts_use_only_files(world, client, production_csp):
    build(world)
    client.force_login(world.staff)
    charts = client.get(f"/disclosure/statistics/?session={world.session.pk}")
    assert "/static/vendor/chartjs/chart.umd.js" in assert_only_same_origin_script_files(
        client, charts
    )
    client.force_login(world.zhang)
    form = client.get("/suggestions/new/")
    assert "/static/js/cosigners.js" in assert_only_same_origin_script_files(client, form)
    s = steps.replied(world, title="打印的答复")
    lead = steps.assignment_of(s, world.traffic)
    letter = client.get(f"/assignments/{lead.pk}/letter/")
    assert "/static/js/print.js" in assert_only_same_origin_script_files(client, letter)


@pytest.fixture
def chromium():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI")
        pytest.skip(f"browser test skipped: no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            yield browser
            browser.close()
            # Close, in Playwright's context, the connections opened there: left open they
            # keep PostgreSQL from dropping the test database.
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_and_charts_run_under_the_policy_in_a_browser(
    world, client, production_csp, live_server, chromium
):
    """The live server runs the test settings, so each page gets the header our production
    middleware sends (taken from the test client), and Chromium enforces it."""
    header = client.get("/api/docs/")["Content-Security-Policy"]
    build(world)
    page = chromium.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: violations.append(str(e)))

    def with_policy(route):
        response = route.fetch()
        route.fulfill(
            response=response,
            headers={**response.headers, "content-security-policy": header},
        )

    page.route("**/*", with_policy)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    # Swagger UI renders the operations of the first tags and the rest as one scrolls: any
    # rendered operation shows the spec was fetched, parsed and drawn under the policy.
    page.wait_for_selector(".opblock .opblock-summary-path >> text=/api/v1/")
    page.goto(f"{live_server.url}/public/statistics/?session={world.session.pk}")
    page.wait_for_function("typeof Chart !== 'undefined' && Chart.getChart('chart-grades')")
    assert violations == []
