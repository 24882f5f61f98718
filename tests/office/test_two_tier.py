"""Two-tier assignment: the committee assigns the government office (dispatcher), which forwards
to two departments, checks their replies and sends one reply back; then the usual end."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office import two_tier
from suggestions import services
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import AssignmentStatus, Reply, Role, Status, Unit, User
from suggestions.permissions import visible_suggestions
from tests import steps
from tests.flowcheck import assert_in_step


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
    return world


def dept_reply(world, child, handler, head, text):
    services.assignment_sign(user=handler, assignment=child)
    services.assignment_draft_reply(user=handler, assignment=child, result_class="A", text=text)
    services.assignment_sign_off(user=head, assignment=child)


def test_lifecycle_through_a_dispatcher_to_two_departments_and_back(gov):
    world = gov
    s = steps.accepted(world)
    services.suggestion_assign(user=world.staff, suggestion=s, lead_unit=world.gov.pk)
    parent = steps.assignment_of(s, world.gov)
    services.assignment_sign(user=world.gov_handler, assignment=parent)
    edu, traffic = two_tier.assignment_forward(
        user=world.gov_handler, assignment=parent, departments=[world.edu, world.traffic]
    )
    assert edu.due_date == traffic.due_date == parent.due_date  # the deadline keeps running
    assert s.events.filter(verb="forwarded").count() == 1
    # The departments see the suggestion and their own part of it.
    assert visible_suggestions(world.edu_handler).filter(pk=s.pk).exists()

    dept_reply(world, edu, world.edu_handler, world.edu_head, "我局将在校门口设置护学岗。")
    dept_reply(world, traffic, world.traffic_handler, world.traffic_head, "初稿")
    assert steps.refreshed(s).status == Status.HANDLING  # nothing reaches staff yet
    with pytest.raises(NotPermitted):  # a sibling department does not check another's reply
        two_tier.forwarded_return(user=world.edu_handler, child=traffic, reason="x")
    with pytest.raises(NotVisible):  # a unit not involved does not even see it
        two_tier.forwarded_return(user=world.env_handler, child=edu, reason="x")
    # The dispatcher returns a thin reply; until it is signed off again nothing can be sent.
    two_tier.forwarded_return(user=world.gov_handler, child=traffic, reason="答复过于简单")
    assert steps.refreshed(traffic).status == AssignmentStatus.SIGNED
    with pytest.raises(InvalidState):
        two_tier.forwarded_consolidate(user=world.gov_handler, assignment=parent, result_class="A")
    services.assignment_draft_reply(
        user=world.traffic_handler,
        assignment=traffic,
        result_class="A",
        text="我局已完成信号灯安装。",
    )
    services.assignment_sign_off(user=world.traffic_head, assignment=traffic)
    progress = two_tier.forwarded_progress(world.gov_handler, steps.refreshed(parent))
    assert [c.status for c in progress] == [AssignmentStatus.SIGNED_OFF] * 2

    reply = two_tier.forwarded_consolidate(
        user=world.gov_handler, assignment=parent, result_class="A"
    )
    assert "区教育局：我局将在校门口设置护学岗。" in reply.text
    assert "区交通运输局：我局已完成信号灯安装。" in reply.text
    services.assignment_sign_off(user=world.gov_head, assignment=parent)
    assert steps.refreshed(s).status == Status.HANDLED
    services.suggestion_approve_reply(user=world.staff, suggestion=s)
    services.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result="satisfied", met=True
    )
    services.suggestion_close(user=world.staff, suggestion=s)
    s = steps.refreshed(s)
    assert s.status == Status.CLOSED
    assert steps.refreshed(parent).status == AssignmentStatus.REPLIED
    assert {steps.refreshed(c).status for c in (edu, traffic)} == {AssignmentStatus.REPLIED}
    # Statistics can credit the departments: their approved replies are on record.
    credited = Reply.objects.filter(assignment__role="dept", approved_at__isnull=False)
    assert set(credited.values_list("assignment__unit__code", flat=True)) == {"EDU", "TRA"}
    assert_in_step(s)


def test_only_the_dispatcher_forwards_and_only_to_its_departments(gov):
    world = gov
    s = steps.accepted(world)
    services.suggestion_assign(user=world.staff, suggestion=s, lead_unit=world.gov.pk)
    parent = steps.assignment_of(s, world.gov)
    with pytest.raises(InvalidState):  # not signed for yet
        two_tier.assignment_forward(
            user=world.gov_handler, assignment=parent, departments=[world.edu]
        )
    services.assignment_sign(user=world.gov_handler, assignment=parent)
    with pytest.raises(InvalidInput):
        two_tier.assignment_forward(
            user=world.gov_handler, assignment=parent, departments=[world.env]
        )
    with pytest.raises(InvalidInput):
        two_tier.assignment_forward(user=world.gov_handler, assignment=parent, departments=[])
    ordinary = steps.assigned(world, title="普通交办")
    lead = steps.assignment_of(ordinary, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=lead)
    with pytest.raises(NotPermitted):
        two_tier.assignment_forward(
            user=world.traffic_handler, assignment=lead, departments=[world.edu]
        )


def _reply_queries_of_accepting(world, size: int) -> int:
    """Queries on replies while the dispatcher accepts `size` departments' replies."""
    departments = []
    for i in range(size):
        unit = Unit.objects.create(
            code=f"D{size}{i}", name=f"第{size}组第{i}科室", parent=world.gov
        )
        handler, head = (
            User.objects.create_user(username=f"d{size}{i}{role}", role=role, unit=unit)
            for role in (Role.UNIT_HANDLER, Role.UNIT_HEAD)
        )
        departments.append((unit, handler, head))
    s = steps.accepted(world, title=f"关于{size}个科室共同办理的建议")
    services.suggestion_assign(user=world.staff, suggestion=s, lead_unit=world.gov.pk)
    parent = steps.assignment_of(s, world.gov)
    services.assignment_sign(user=world.gov_handler, assignment=parent)
    children = two_tier.assignment_forward(
        user=world.gov_handler, assignment=parent, departments=[d[0] for d in departments]
    )
    for child, (unit, handler, head) in zip(children, departments, strict=True):
        dept_reply(world, child, handler, head, f"{unit.name}已办理。")
    with CaptureQueriesContext(connection) as ctx:
        reply = two_tier.forwarded_consolidate(
            user=world.gov_handler, assignment=parent, result_class="A"
        )
    assert all(f"{u.name}：{u.name}已办理。" in reply.text for u, _h, _d in departments)
    assert (
        Reply.objects.filter(assignment__parent=parent, approved_at__isnull=False).count() == size
    )
    return sum('"suggestions_reply"' in q["sql"] for q in ctx.captured_queries)


def test_accepting_reads_and_approves_the_departments_replies_at_once(gov):
    assert _reply_queries_of_accepting(gov, 2) == _reply_queries_of_accepting(gov, 5)
