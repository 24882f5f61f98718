"""In a real browser (Debian's Chromium through Playwright): a deputy answers the survey and
confirms a promise; the unit then sees only the aggregate, never the deputy's answer."""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.test import Client

from followup import services
from tests import steps
from tests.followup.helpers import closed_b_reply

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(monkeypatch):
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser tests: install Debian's chromium")
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium")
    # Playwright runs an event loop in this thread; allow the ORM for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


def page_as(browser, live_server, user):
    """A browser page logged in as `user` (session cookie from Django's test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_deputy_answers_survey_and_confirms_promise_in_browser(
    browser, live_server, world, settings
):
    settings.SURVEY_MIN_GROUP = 2
    suggestion, reply = closed_b_reply(world, days=(30,))
    promise = reply.promises.get()
    survey = services.survey_create(user=world.staff, session=world.session, title="年度满意度调查")
    services.survey_open(user=world.staff, survey=survey)

    deputy = page_as(browser, live_server, world.zhang)
    deputy.goto(f"/followup/surveys/{survey.pk}/")
    unit = world.traffic.pk
    deputy.check(f"input[name=satisfaction_{unit}][value=dissatisfied]")
    deputy.check(f"input[name=met_{unit}][value='0']")
    deputy.fill(f"textarea[name=comment_{unit}]", "单位从未与我见面")
    with deputy.expect_navigation():
        deputy.click("main form button")
    assert deputy.locator("input[type=radio]").count() == 0  # answered: the form is gone
    assert survey.responses.count() == 1

    deputy.goto(f"/followup/promises/{promise.pk}/")
    with deputy.expect_navigation():
        deputy.click("main form[action$='/confirm/'] button")
    assert promise.confirmations.get().party == "deputy"
    assert deputy.locator("form[action$='/confirm/']").count() == 0

    head = page_as(browser, live_server, world.traffic_head)
    head.goto(f"/followup/surveys/{survey.pk}/results/")
    text = head.content()
    assert world.traffic.name in text and "单位从未与我见面" not in text and "张伟" not in text
    response = head.goto(f"/followup/surveys/{survey.pk}/answers/")
    assert response.status == 403
    assert steps.refreshed(suggestion).status == "closed"
