"""Bad input typed into a real browser: the field says what is wrong, in Chinese, and what the
person typed is still there. Run on the phone, where most deputies write."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone, translation
from playwright.sync_api import expect

from suggestions import services
from suggestions.models import Reply, Suggestion
from tests import steps
from tests.browser.people import Person

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("viewport", ["phone"])]

CJK = re.compile(r"[\u4e00-\u9fff]")


def _zh(message, **params) -> str:
    with translation.override("zh-hans"):
        text = ValidationError(message, params=params or None).messages[0]
    assert CJK.search(text), f"Django has no Chinese for {message!r}"
    return text


@pytest.fixture
def person(live_server, page_factory, shot, viewport):
    def make(who: str, username: str) -> Person:
        p = Person(page_factory(), live_server.url, shot, viewport, who)
        p.login(username)
        return p

    return make


def test_empty_title_is_refused_in_chinese_and_the_draft_text_is_kept(world, person):
    content = "东城小学门口上下学时段车流密集。\n建议增设信号灯。"
    zhang = person("form-deputy", "zhangwei")
    zhang.go("new-suggestion", "new-draft")
    zhang.fill("content", content)
    zhang.testid("cosigner-search").press_sequentially("ln")
    zhang.testid("cosigner-option").filter(has_text="李娜").click()
    zhang.go("save-draft", "empty-title")

    expect(zhang.testid("error-title")).to_have_text(
        _zh(forms.Field.default_error_messages["required"])
    )
    expect(zhang.page.locator("[name=content]")).to_have_value(content)
    expect(zhang.testid("cosigner-chosen")).to_contain_text("李娜")
    assert not Suggestion.objects.exists()

    # Adding the title is all it takes: the rest was kept and is saved with it.
    zhang.fill("title", "关于增设学校周边交通信号灯的建议")
    zhang.go("save-draft", "saved")
    saved = Suggestion.objects.get()
    assert saved.content.replace("\r\n", "\n") == content
    assert [c.deputy_id for c in saved.cosigners.all()] == [world.li.deputy_id]


def test_promise_date_in_the_past_is_refused_in_chinese_and_the_reply_is_kept(world, person):
    suggestion = steps.assigned(world)
    lead = steps.assignment_of(suggestion, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=lead)
    today = timezone.localdate()
    text = "经研究，我局计划在学校门口增设信号灯。"

    handler = person("form-unit", "tra1")
    handler.open_item("inbox-list", "inbox-item", suggestion.title, "assignment")
    handler.go("action-reply", "reply-form")
    handler.check_radio("result_class", "B")
    handler.fill("text", text)
    handler.fill("promises-0-text", "年底前完成信号灯安装")
    handler.fill("promises-0-due_date", (today - dt.timedelta(days=1)).isoformat())
    handler.go("reply-submit", "past-date")

    expect(handler.testid("error-promises-0-due_date")).to_have_text(
        _zh(MinValueValidator.message, limit_value=today)
    )
    expect(handler.page.locator("[name=text]")).to_have_value(text)
    expect(handler.page.locator("[name=promises-0-text]")).to_have_value("年底前完成信号灯安装")
    expect(handler.page.locator("input[name=result_class][value=B]")).to_be_checked()
    assert not Reply.objects.exists()
