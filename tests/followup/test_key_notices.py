"""A notice about a key supervision item opens the item's page for whoever may see the item (staff,
leaders, the lead unit): on the web ("Open" in the notification list) and in the API (its
`key_item`). Anyone else keeps the suggestion (its deputies), or their invitations (an invited
deputy), never a page that answers 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from notifications.models import Notification

from followup import services
from tests import steps
from tests.api.client import Api, ok

# Every notice a key item's cycle writes (the proposal to the decision, plan, milestones,
# activities, mid-term check and conclusion).
KEY_VERBS = {
    "key_proposed",
    "key_listed",
    "key_plan_set",
    "key_milestone_done",
    "key_activity_invited",
    "key_activity_answered",
    "key_activity_held",
    "key_midterm_checked",
    "key_concluded",
}


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


@pytest.fixture
def cycle(world):
    """One suggestion of 张伟 under key supervision led by 刘主任 with the traffic bureau, its
    whole cycle run; 王强 (not an author) invited to its inspection. Returns (suggestion, item)."""
    s = steps.assigned(world, title="关于学校周边交通安全的建议", cosign=False)
    item = services.key_item_propose(
        user=world.staff,
        session=world.session,
        title="学校周边交通综合治理",
        suggestions=[s.pk],
        leader=world.leader.pk,
        responsible_committee="城建环保工委",
        lead_unit=world.traffic.pk,
    )
    services.key_item_decide(user=world.staff, item=item, selected=True, meeting_ref="第12次")
    today = timezone.localdate()
    services.key_item_set_plan(
        user=world.leader,
        item=item,
        plan="分两阶段督办",
        milestones=[
            {"title": "制定整改方案", "due_date": today},
            {"title": "完成信号灯安装", "due_date": today + dt.timedelta(days=90)},
        ],
    )
    first = item.milestones.order_by("due_date").first()
    services.milestone_mark_done(user=world.leader, milestone=first, done_on=today)
    activity = services.activity_schedule(
        user=world.leader,
        item=item,
        kind="inspection",
        date=today,
        deputies=[world.wang.pk],
        participants=[world.traffic_head.pk],
    )
    services.activity_respond(user=world.wang, activity=activity, accept=True)
    services.activity_hold(
        user=world.leader,
        activity=activity,
        findings="信号灯选址已确定。",
        attended=[world.wang.pk],
    )
    services.key_item_midterm_check(user=world.leader, item=item, note="进度符合计划")
    services.key_item_conclude(
        user=world.staff, item=item, conclusion="问题基本解决", committee_opinion="同意办结"
    )
    return s, item


def _opens(user, notice) -> str:
    response = _client(user).post(reverse("notification_read", args=[notice.pk]), {"open": "1"})
    assert response.status_code == 302
    return response["Location"]


def _key_notices(user):
    return [n for n in Notification.objects.filter(recipient=user) if n.verb in KEY_VERBS]


def test_every_notice_of_the_cycle_opens_the_key_item_for_those_who_see_it(world, cycle):
    _, item = cycle
    page = reverse("followup:key_item", args=[item.pk])
    seen = set()
    for user in (world.leader, world.staff, world.traffic_handler, world.traffic_head):
        for notice in _key_notices(user):
            assert (_opens(user, notice), notice.verb) == (page, notice.verb)
            seen.add(notice.verb)
    assert seen == KEY_VERBS


def test_the_lead_units_invited_head_opens_the_item_not_the_invitations(world, cycle):
    _, item = cycle
    (invited,) = Notification.objects.filter(
        recipient=world.traffic_head, verb="key_activity_invited"
    )
    assert _opens(world.traffic_head, invited) == reverse("followup:key_item", args=[item.pk])


def test_the_suggestions_deputy_opens_the_suggestion(world, cycle):
    s, _ = cycle
    notices = _key_notices(world.zhang)
    assert {n.verb for n in notices} == {"key_listed", "key_concluded"}
    for notice in notices:
        assert _opens(world.zhang, notice) == reverse("suggestion_detail", args=[s.pk])


def test_an_invited_deputy_opens_their_invitations(world, cycle):
    notices = {n.verb: n for n in _key_notices(world.wang)}
    assert set(notices) == {"key_activity_invited", "key_activity_held"}
    for notice in notices.values():
        location = _opens(world.wang, notice)
        assert location == reverse("followup:invitations")
        assert _client(world.wang).get(location).status_code == 200


def test_a_unit_that_no_longer_leads_the_item_opens_its_own_assignment(world, cycle):
    """Whether the reader may see the item is asked when the notice is opened, not written; a
    unit that may not opens the page it works on."""
    s, item = cycle
    type(item).objects.filter(pk=item.pk).update(lead_unit=world.edu)
    (notice, *_) = _key_notices(world.traffic_handler)
    assignment = steps.assignment_of(s, world.traffic)
    assert _opens(world.traffic_handler, notice) == reverse(
        "assignment_detail", args=[assignment.pk]
    )


def test_the_notification_list_offers_to_open_the_item(world, cycle):
    page = _client(world.traffic_handler).get(reverse("notifications")).content.decode()
    assert 'data-opens="key_item"' in page and 'data-opens="assignment"' in page


def test_api_names_the_key_item_only_to_those_who_may_see_it(world, cycle):
    s, item = cycle
    for user in (world.leader, world.traffic_handler):
        listed = ok(Api(user).get("notifications/"))["results"]
        keyed = [n for n in listed if n["verb"] in KEY_VERBS]
        assert keyed and {(n["key_item"], n["suggestion"]) for n in keyed} == {(item.pk, s.pk)}
    for user in (world.zhang, world.wang):
        listed = ok(Api(user).get("notifications/"))["results"]
        keyed = [n for n in listed if n["verb"] in KEY_VERBS]
        assert keyed and {n["key_item"] for n in keyed} == {None}
    notice = _key_notices(world.leader)[0]
    read = ok(Api(world.leader).post(f"notifications/{notice.pk}/read/"))
    assert read["key_item"] == item.pk


def test_api_notification_list_resolves_key_items_in_one_query(
    world, cycle, django_assert_max_num_queries
):
    api = Api(world.traffic_handler)
    api.get("notifications/")  # a session's first request does one-off checks
    with django_assert_max_num_queries(8):
        assert ok(api.get("notifications/"))["count"] >= 4
