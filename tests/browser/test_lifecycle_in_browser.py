"""One suggestion's whole life in a real browser, by clicking and typing only, across every role.

Each person logs in through the login form in their own browser context; every screen they see is
photographed under test-artifacts/screens/<viewport>/. Runs at desktop width and at 375 px.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from suggestions.models import Rating, Suggestion
from tests import steps
from tests.browser.people import Person

pytestmark = pytest.mark.browser

TITLE = "关于增设东城小学门口交通信号灯的建议"
PLAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(live_server, page_factory, shot, viewport):
    made: list[Person] = []

    def person(who: str, username: str) -> Person:
        p = Person(page_factory(), live_server.url, shot, viewport, who)
        p.login(username)
        made.append(p)
        return p

    yield person
    for p in made:
        assert not p.errors, f"{p.who}: {p.errors}"


def _status() -> str:
    return Suggestion.objects.get(title=TITLE).status


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_one_suggestion_from_draft_to_closed(world, people, tmp_path):
    plan = tmp_path / "实施方案.pdf"
    plan.write_bytes(PLAN)
    # Another suggestion already keeps the traffic, education and environment bureaus busy.
    steps.assigned(world, title="关于改善老旧小区停车难的建议", cosign=False)

    # --- The lead deputy drafts, finding the co-signer 李娜 by her initials "ln".
    zhang = people("deputy", "zhangwei")
    zhang.go("new-suggestion", "new-draft")
    zhang.fill("title", TITLE)
    zhang.fill(
        "content", "东城小学门口上下学时段车流密集，学生过街存在安全隐患。\n建议增设信号灯。"
    )
    zhang.page.locator("select[name=category]").select_option(label="教育文化")
    zhang.testid("cosigner-search").press_sequentially("ln")
    zhang.testid("cosigner-results").get_by_test_id("cosigner-option").filter(
        has_text="李娜"
    ).click()
    expect(zhang.testid("cosigner-chosen")).to_contain_text("李娜")
    zhang.page.locator("input[name=in_session]").check()
    zhang.screen("new-draft-filled")
    zhang.go("save-draft", "draft-saved")
    expect(zhang.testid("suggestion-title")).to_have_text(TITLE)
    expect(zhang.testid("cosigners")).to_contain_text("李娜")
    assert _status() == "draft"

    # --- The co-signer sees the badge, opens the invitation from her notifications, confirms.
    li = people("cosigner", "lina")
    li.expect_badge()
    expect(li.testid("invitations-box")).to_contain_text(TITLE)
    li.go("nav-notifications", "notifications")
    li.go(
        li.testid("notification").filter(has_text=TITLE).get_by_test_id("notification-open"),
        "invited-suggestion",
    )
    li.go("cosign-confirm", "confirmed")

    # --- The lead deputy sees the confirmation and submits.
    zhang.go("nav-deputy", "home-with-draft")
    zhang.expect_badge()
    zhang.open_item("suggestion-list", "suggestion-item", TITLE, "draft")
    zhang.go("action-submit", "submitted")
    assert _status() == "submitted"

    # --- Staff: the badge, the dashboard, the review queue; accept; assign a lead and a co-unit.
    staff = people("staff", "chenjing")
    staff.expect_badge()
    expect(staff.testid("waiting-review")).to_contain_text("1")
    staff.go("waiting-review", "review-queue")
    staff.open_item("queue-list", "suggestion-item", TITLE, "to-review")
    staff.go("action-review", "review")
    staff.go("accept-submit", "assign")
    for code, load in (("TRA", "1"), ("EDU", "1"), ("ENV", "1"), ("CIV", "0")):
        expect(staff.testid(f"load-{code}")).to_have_text(load)
    staff.testid("mode-joint").check()
    staff.testid("lead-TRA").check()
    staff.testid("co-EDU").check()
    staff.screen("assign-filled")
    staff.go("assign-submit", "assigned")
    expect(staff.testid("units")).to_contain_text("区交通运输局")
    expect(staff.testid("units")).to_contain_text("区教育局")
    assert _status() == "assigned"

    # --- Staff put it under key supervision, led by 刘主任.
    staff.go("action-key", "key-supervision")
    staff.page.locator("select[name=leader]").select_option(label="刘主任")
    staff.fill("responsible_committee", "教科文卫工委")
    staff.go("key-submit", "key-saved")
    expect(staff.testid("key-supervision")).to_contain_text("刘主任")

    # --- The leader sees it on their page.
    leader = people("leader", "liu")
    leader.expect_badge()
    expect(leader.testid("key-list")).to_contain_text(TITLE)
    expect(leader.testid("key-list")).to_contain_text("区交通运输局")
    leader.open_item("key-list", "key-item", TITLE, "key-suggestion")

    # --- The lead unit signs for it and records a meeting with the deputy.
    tra = people("lead-unit", "tra1")
    tra.expect_badge()
    tra.open_item("inbox-list", "inbox-item", TITLE, "assignment")
    tra.go("action-sign", "signed")
    expect(tra.testid("action-sign")).to_have_count(0)
    expect(tra.testid("action-reply")).to_be_visible()
    assert _status() == "handling"
    tra.go("action-contact", "contact-form")
    tra.page.locator("select[name=kind]").select_option("meeting")
    tra.fill("date", _day(0))
    tra.fill("note", "到东城小学现场与张伟代表面商")
    tra.go("form-submit", "contact-recorded")
    expect(tra.testid("contact")).to_contain_text("到东城小学现场")

    # --- The co-unit sends its opinion.
    edu = people("co-unit", "edu1")
    edu.expect_badge()
    edu.open_item("inbox-list", "inbox-item", TITLE, "assignment")
    edu.go("action-opinion", "opinion-form")
    edu.fill("text", "建议同步优化学校周边公交站点设置。")
    edu.go("form-submit", "opinion-sent")

    # --- The lead unit writes a B reply with a promise and an attachment.
    tra.go("nav-inbox", "inbox")
    tra.open_item("inbox-list", "inbox-item", TITLE, "assignment-with-opinion")
    expect(tra.testid("co-opinions")).to_contain_text("公交站点")
    tra.go("action-reply", "reply-form")
    tra.check_radio("result_class", "B")
    tra.fill("text", "经研究，我局已完成现场勘查，计划在学校门口增设信号灯。")
    tra.fill("promises-0-text", "年底前完成信号灯安装")
    tra.fill("promises-0-due_date", _day(60))
    tra.page.locator("input[name=attachments]").set_input_files(str(plan))
    tra.screen("reply-filled")
    tra.go("reply-submit", "reply-saved")
    expect(tra.testid("current-reply")).to_contain_text("实施方案.pdf")

    # --- The unit head signs it off.
    head = people("unit-head", "tra_head")
    head.expect_badge()
    head.open_item("inbox-list", "inbox-item", TITLE, "assignment")
    head.go("action-sign-off", "sign-off")
    expect(head.testid("reply-to-sign")).to_contain_text("年底前完成信号灯安装")
    head.go("sign-off-submit", "signed-off")
    assert _status() == "handled"

    # --- Staff return it with a reason.
    staff.go("nav-queues", "queues")
    staff.go(staff.testid("queue-tabs").locator("a[href$='/check/']"), "check-queue")
    staff.open_item("queue-list", "suggestion-item", TITLE, "to-check")
    staff.go("action-check", "check")
    staff.check_radio("decision", "return")
    staff.fill("reason", "答复过于笼统，请写明安装时间和地点。")
    staff.go("check-submit", "returned")
    assert _status() == "handling"

    # --- The unit revises, the head signs off again, staff approve.
    tra.go("nav-inbox", "inbox-returned")
    tra.expect_badge()
    tra.open_item("inbox-list", "inbox-item", TITLE, "assignment-returned")
    tra.go("action-reply", "revise-form")
    expect(tra.page.locator("[name=promises-0-text]")).to_have_value("年底前完成信号灯安装")
    tra.fill("text", "经研究，我局将于今年十二月前在东城小学正门增设一组信号灯。")
    tra.go("reply-submit", "revised")
    head.go("nav-inbox", "inbox")
    head.open_item("inbox-list", "inbox-item", TITLE, "assignment-revised")
    head.go("action-sign-off", "sign-off-revised")
    head.go("sign-off-submit", "signed-off-revised")
    _staff_approves(staff, "round-1")
    assert _status() == "replied"

    # --- The deputy reads the reply (promise, attachment, letter) and is dissatisfied.
    zhang.go("nav-notifications", "notifications")
    zhang.expect_badge()
    newest = zhang.testid("notification").filter(has_text=TITLE).first
    zhang.go(newest.get_by_test_id("notification-open"), "reply-received")
    expect(zhang.testid("promises")).to_contain_text("年底前完成信号灯安装")
    with zhang.page.expect_download() as download:
        zhang.testid("attachment-link").first.click()
    assert download.value.suggested_filename == "实施方案.pdf"
    assert _read(download.value) == PLAN
    zhang.go("reply-letter-link", "reply-letter")
    zhang.page.go_back()
    zhang.screen("back-to-suggestion")
    zhang.go("action-rate", "rate")
    zhang.check_radio("process", "basically_satisfied")
    zhang.check_radio("result", "dissatisfied")
    zhang.check_radio("met", "yes")
    zhang.fill("comment", "信号灯安装时间太晚，希望提前。")
    zhang.go("rating-submit", "rated-dissatisfied")
    assert _status() == "rehandling"

    # --- Round 2: the unit replies again, the head signs off, staff approve.
    tra.go("nav-inbox", "inbox-round-2")
    tra.open_item("inbox-list", "inbox-item", TITLE, "assignment-round-2")
    tra.go("action-reply", "reply-form-round-2")
    tra.check_radio("result_class", "A")
    tra.fill("text", "信号灯已于本月安装完毕并投入使用。")
    tra.go("reply-submit", "reply-saved-round-2")
    head.go("nav-inbox", "inbox-round-2")
    head.open_item("inbox-list", "inbox-item", TITLE, "assignment-round-2")
    head.go("action-sign-off", "sign-off-round-2")
    head.go("sign-off-submit", "signed-off-round-2")
    _staff_approves(staff, "round-2")

    # --- The deputy is satisfied.
    zhang.go("nav-deputy", "home-round-2")
    zhang.open_item("suggestion-list", "suggestion-item", TITLE, "reply-round-2")
    zhang.go("action-rate", "rate-round-2")
    zhang.check_radio("process", "satisfied")
    zhang.check_radio("result", "satisfied")
    zhang.check_radio("met", "yes")
    zhang.go("rating-submit", "rated-satisfied")
    assert _status() == "rated"
    assert list(Rating.objects.order_by("round").values_list("round", "result")) == [
        (1, "dissatisfied"),
        (2, "satisfied"),
    ]

    # --- Staff close it.
    staff.go("nav-queues", "queues-end")
    staff.go(staff.testid("queue-tabs").locator("a[href$='/close/']"), "close-queue")
    staff.open_item("queue-list", "suggestion-item", TITLE, "to-close")
    staff.go("action-close", "closed")
    assert _status() == "closed"

    # --- Everyone sees the whole timeline and the process chart on the suggestion page.
    _sees_timeline_and_chart(staff)
    leader.go("nav-leader", "key-list-end")
    leader.open_item("key-list", "key-item", TITLE, "final-page")
    _sees_timeline_and_chart(leader)
    for deputy in (zhang, li):
        deputy.go("nav-deputy", "home-end")
        deputy.open_item("suggestion-list", "suggestion-item", TITLE, "final-page")
        _sees_timeline_and_chart(deputy)
    for unit in (tra, head, edu):
        unit.go("suggestion-link", "final-page")
        _sees_timeline_and_chart(unit)


def _staff_approves(staff: Person, label: str) -> None:
    staff.go("nav-queues", f"queues-{label}")
    staff.go(staff.testid("queue-tabs").locator("a[href$='/check/']"), f"check-queue-{label}")
    staff.open_item("queue-list", "suggestion-item", TITLE, f"to-check-{label}")
    staff.go("action-check", f"check-{label}")
    staff.check_radio("decision", "approve")
    staff.go("check-submit", f"approved-{label}")


def _sees_timeline_and_chart(person: Person) -> None:
    assert person.testid("event").count() >= 20
    verbs = set(person.testid("event").evaluate_all("els => els.map(e => e.dataset.verb)"))
    assert {"created", "submitted", "assigned", "replied", "rated", "closed"} <= verbs
    # Every screen lists the stages (the drawing's labels would be 2 px on a phone, 7 on a
    # desktop): all passed, ending closed, in readable type.
    stages = person.testid("chart-stages").locator("li")
    stages.last.scroll_into_view_if_needed()
    states = stages.evaluate_all("els => els.map(e => e.className)")
    assert states and all("stage-done" in state for state in states), states
    assert stages.last.get_attribute("data-stage") == "end_closed"
    sizes = stages.evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert min(sizes) >= 12, sizes
    if person.viewport == "phone":
        return
    # A wider screen lays them out side by side, above the drawing.
    tops = stages.evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops
    chart = person.testid("chart-image")
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")


def _read(download) -> bytes:
    with open(download.path(), "rb") as handle:
        return handle.read()
