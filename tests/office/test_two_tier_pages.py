"""Two-tier assignment through the pages: the dispatcher forwards on its assignment page, follows
the departments' progress, returns a reply with a reason and accepts them into its own reply."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from office import two_tier
from suggestions import services
from suggestions.models import Assignment, AssignmentStatus, Role, Unit, User
from tests import steps

DEPT_ERROR = 'data-testid="error-departments"'


@pytest.fixture
def gov(world):
    office = Unit.objects.create(code="GOV", name="区政府办公室（督查室）", is_dispatcher=True)
    Unit.objects.filter(pk__in=[world.edu.pk, world.traffic.pk]).update(parent=office)
    world.gov = office
    world.gov_handler = User.objects.create_user(
        username="gov1", role=Role.UNIT_HANDLER, full_name="督查室联络员", unit=office
    )
    world.gov_head = User.objects.create_user(
        username="gov_head", role=Role.UNIT_HEAD, full_name="政府办主任", unit=office
    )
    s = steps.accepted(world)
    services.suggestion_assign(user=world.staff, suggestion=s, lead_unit=office.pk)
    world.parent = steps.assignment_of(s, office)
    services.assignment_sign(user=world.gov_handler, assignment=world.parent)
    return world


def page(client, user, a):
    client.force_login(user)
    return client.get(reverse("assignment_detail", args=[a.pk]))


def forward(client, world, *units):
    url = reverse("office:dispatch_forward", args=[world.parent.pk])
    return client.post(url, {"departments": [u.pk for u in units]})


def dept_reply(child, handler, head, text, sign=True):
    if sign:
        services.assignment_sign(user=handler, assignment=child)
    services.assignment_draft_reply(user=handler, assignment=child, result_class="A", text=text)
    services.assignment_sign_off(user=head, assignment=child)


def children(world):
    return {c.unit_id: c for c in Assignment.objects.filter(parent=world.parent)}


def test_dispatcher_forwards_follows_returns_and_accepts_through_the_page(client, gov):
    world = gov
    r = page(client, world.gov_handler, world.parent)
    html = r.content.decode()
    assert 'data-testid="forward-form"' in html and world.edu.name in html
    assert world.env.name not in html  # only its own departments are offered
    assert 'data-testid="forward-due"' in html and "3 个工作日" in html
    assert "forward-overdue" not in html

    r = forward(client, world, world.edu, world.traffic)
    assert r.status_code == 302
    kids = children(world)
    assert set(kids) == {world.edu.pk, world.traffic.pk}
    edu, traffic = kids[world.edu.pk], kids[world.traffic.pk]
    assert edu.due_date == world.parent.due_date

    dept_reply(edu, world.edu_handler, world.edu_head, "我局将在校门口设置护学岗。")
    dept_reply(traffic, world.traffic_handler, world.traffic_head, "初稿")
    html = page(client, world.gov_handler, world.parent).content.decode()
    assert html.count('data-testid="dept-row"') == 2 and "初稿" in html
    assert 'data-testid="accept-form"' in html

    url = reverse("office:dispatch_return", args=[traffic.pk])
    assert client.post(url, {"reason": "答复过于简单"}).status_code == 302
    assert steps.refreshed(traffic).status == AssignmentStatus.SIGNED
    html = page(client, world.gov_handler, world.parent).content.decode()
    assert 'data-testid="accept-form"' not in html

    dept_reply(traffic, world.traffic_handler, world.traffic_head, "已完成信号灯安装。", sign=False)
    url = reverse("office:dispatch_accept", args=[world.parent.pk])
    assert client.post(url, {"result_class": "A", "text": ""}).status_code == 302
    parent = steps.refreshed(world.parent)
    assert parent.status == AssignmentStatus.DRAFTED
    reply = parent.replies.get(round=parent.round)
    assert "区交通运输局：已完成信号灯安装。" in reply.text and reply.result_class == "A"
    assert steps.refreshed(edu).status == AssignmentStatus.REPLIED


def test_bad_input_gets_a_field_message_and_saves_nothing(client, gov):
    world = gov
    client.force_login(world.gov_handler)
    r = forward(client, world)
    assert r.status_code == 200 and DEPT_ERROR in r.content.decode()
    r = forward(client, world, world.edu, world.env)  # env is not its department
    assert r.status_code == 200 and DEPT_ERROR in r.content.decode()
    assert not children(world)

    forward(client, world, world.edu)
    edu = children(world)[world.edu.pk]
    dept_reply(edu, world.edu_handler, world.edu_head, "答复")
    r = client.post(reverse("office:dispatch_return", args=[edu.pk]), {"reason": "  "})
    assert r.status_code == 200 and 'data-testid="error-reason"' in r.content.decode()
    assert steps.refreshed(edu).status == AssignmentStatus.SIGNED_OFF
    r = client.post(reverse("office:dispatch_accept", args=[world.parent.pk]), {"text": "x"})
    assert r.status_code == 200 and 'data-testid="error-result_class"' in r.content.decode()
    assert steps.refreshed(world.parent).status == AssignmentStatus.SIGNED


def test_other_units_are_refused(client, gov):
    world = gov
    two_tier.assignment_forward(
        user=world.gov_handler, assignment=world.parent, departments=[world.edu, world.traffic]
    )
    kids = children(world)
    edu, traffic = kids[world.edu.pk], kids[world.traffic.pk]
    dept_reply(traffic, world.traffic_handler, world.traffic_head, "答复")
    assert page(client, world.env_handler, world.parent).status_code == 404
    assert forward(client, world, world.edu).status_code == 404
    ret = reverse("office:dispatch_return", args=[traffic.pk])
    assert client.post(ret, {"reason": "x"}).status_code == 404
    client.force_login(world.edu_handler)  # a sibling department does not check another's reply
    assert client.post(ret, {"reason": "x"}).status_code in (403, 404)
    assert forward(client, world, world.edu).status_code in (403, 404)
    acc = reverse("office:dispatch_accept", args=[world.parent.pk])
    assert client.post(acc, {"result_class": "A"}).status_code in (403, 404)
    # The department's own page has no dispatcher section.
    assert 'data-testid="dispatch"' not in page(client, world.edu_handler, edu).content.decode()
    # The dispatcher cannot accept before every department has signed off.
    client.force_login(world.gov_handler)
    assert client.post(acc, {"result_class": "A"}).status_code == 409
    assert steps.refreshed(traffic).status == AssignmentStatus.SIGNED_OFF


def test_forward_by_date_turns_red_when_missed(client, gov):
    world = gov
    Assignment.objects.filter(pk=world.parent.pk).update(
        assigned_at=timezone.now() - dt.timedelta(days=30)
    )
    html = page(client, world.gov_handler, world.parent).content.decode()
    assert 'data-testid="forward-overdue"' in html


def test_session_override_changes_the_forward_by_date(client, gov):
    world = gov
    session = world.parent.suggestion.session
    session.deadlines = {"dispatch_forward": {"amount": 10, "unit": "days"}}
    session.save(update_fields=["deadlines"])
    html = page(client, world.gov_handler, world.parent).content.decode()
    assert "10 天" in html


def test_page_queries_do_not_grow_with_departments(client, gov):
    world = gov
    Unit.objects.filter(pk=world.env.pk).update(parent=world.gov)
    client.force_login(world.gov_handler)
    counts = []
    for unit, handler, head in (
        (world.edu, world.edu_handler, world.edu_head),
        (world.traffic, world.traffic_handler, world.traffic_head),
        (world.env, world.env_handler, world.env_head),
    ):
        forward(client, world, unit)
        dept_reply(children(world)[unit.pk], handler, head, "答复")
        page(client, world.gov_handler, world.parent)  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert page(client, world.gov_handler, world.parent).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == counts[2], counts


def test_staff_return_a_departments_reply_through_the_page_as_through_the_api(client, gov):
    world = gov
    two_tier.assignment_forward(
        user=world.gov_handler, assignment=world.parent, departments=[world.edu, world.traffic]
    )
    traffic = children(world)[world.traffic.pk]
    dept_reply(traffic, world.traffic_handler, world.traffic_head, "答复")
    url = reverse("office:dispatch_return", args=[traffic.pk])
    client.force_login(world.staff)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "请补充整改时间表"}).status_code == 302
    assert steps.refreshed(traffic).status == AssignmentStatus.SIGNED
    # The dispatcher's own (top-level) assignment is not a forwarded one: nothing to return.
    assert client.post(reverse("office:dispatch_return", args=[world.parent.pk])).status_code == 404
