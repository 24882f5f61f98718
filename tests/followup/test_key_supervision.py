"""The whole key-supervision cycle for one topic grouping three suggestions: proposed by staff,
selected by the leaders' meeting, planned, an activity with invited deputies held, checked
mid-term and concluded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from followup import services
from followup.models import ActivityParticipant, KeyItemStatus
from followup.selectors.key_supervision import items_of_leader, public_key_list
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import Event, KeySupervision
from tests import steps

TITLES = ["关于学校周边交通安全的建议", "关于增设公交线路的建议", "关于治理学校周边停车的建议"]


@pytest.fixture
def three(world):
    return [steps.assigned(world, title=t, cosign=False) for t in TITLES]


def _propose(world, chosen, **overrides):
    data = {
        "user": world.staff,
        "session": world.session,
        "title": "学校周边交通综合治理",
        "suggestions": [s.pk for s in chosen],
        "leader": world.leader.pk,
        "responsible_committee": "城建环保工委",
        "lead_unit": world.traffic.pk,
        "reason": "三件建议反映同一问题",
    }
    data.update(overrides)
    return services.key_item_propose(**data)


def test_whole_cycle_of_a_topic_of_three_suggestions(world, three):
    item = _propose(world, three)
    assert item.kind == "topic" and item.responsible_person == world.traffic_head
    with pytest.raises(InvalidInput):  # the decision must be explicit
        services.key_item_decide(user=world.staff, item=item, selected=None, meeting_ref="x")
    with pytest.raises(NotPermitted):  # a unit cannot decide the key list
        services.key_item_decide(user=world.traffic_head, item=item, selected=True, meeting_ref="x")
    item = services.key_item_decide(
        user=world.staff, item=item, selected=True, meeting_ref="第12次主任会议"
    )
    assert item.status == KeyItemStatus.LISTED
    assert KeySupervision.objects.filter(leader=world.leader, suggestion__in=three).count() == 3

    today = timezone.localdate()
    services.key_item_set_plan(
        user=world.leader,
        item=item,
        plan="分三阶段督办",
        milestones=[
            {"title": "制定整改方案", "due_date": today},
            {"title": "完成信号灯安装", "due_date": today + dt.timedelta(days=90)},
        ],
    )
    first = item.milestones.order_by("due_date").first()
    services.milestone_mark_done(user=world.leader, milestone=first, done_on=today)

    activity = services.activity_schedule(
        user=world.staff,
        item=item,
        kind="inspection",
        date=today,
        place="东城小学门口",
        deputies=[world.zhang.pk, world.wang.pk],
        participants=[world.leader.pk, world.traffic_head.pk],
    )
    assert world.wang.notifications.filter(verb="key_activity_invited").exists()
    with pytest.raises(NotPermitted):  # nobody answers an invitation for a deputy
        services.activity_respond(user=world.traffic_handler, activity=activity, accept=False)
    services.activity_respond(user=world.zhang, activity=activity, accept=True)
    services.activity_respond(user=world.wang, activity=activity, accept=False)
    answers = dict(activity.participants.values_list("user__username", "answer"))
    assert answers["zhangwei"] == "accepted" and answers["wangqiang"] == "declined"
    with pytest.raises(InvalidInput):
        services.activity_hold(user=world.leader, activity=activity, findings="")
    services.activity_hold(
        user=world.leader,
        activity=activity,
        findings="信号灯选址已确定，协管员到岗。",
        attended=[world.zhang.pk, world.leader.pk],
    )
    assert ActivityParticipant.objects.get(activity=activity, user=world.zhang).attended is True
    with pytest.raises(InvalidState):
        services.activity_respond(user=world.wang, activity=activity, accept=True)

    services.key_item_midterm_check(user=world.leader, item=item, note="进度符合计划")
    item = services.key_item_conclude(
        user=world.staff, item=item, conclusion="问题基本解决", committee_opinion="同意办结"
    )
    assert item.status == KeyItemStatus.CONCLUDED
    with pytest.raises(InvalidState):
        services.key_item_midterm_check(user=world.leader, item=item, note="再查")

    # Every suggestion of the topic shows the whole cycle on its own timeline.
    for suggestion in three:
        verbs = list(Event.objects.filter(suggestion=suggestion).values_list("verb", flat=True))
        for verb in (
            "key_proposed",
            "key_listed",
            "key_plan_set",
            "key_activity_scheduled",
            "key_activity_held",
            "key_midterm_checked",
            "key_concluded",
        ):
            assert verb in verbs
    mine = items_of_leader(world.leader).get()
    assert (mine.milestones_done, mine.milestones_total, mine.activities_held) == (1, 2, 1)
    public = public_key_list(world.session).get()
    assert {s.title for s in public.public_suggestions} == set(TITLES)


def test_proposal_is_checked(world, three):
    with pytest.raises(InvalidInput) as exc:
        _propose(world, [], leader=world.staff.pk, responsible_committee="")
    assert set(exc.value.fields) >= {"leader", "responsible_committee", "suggestions"}
    _propose(world, three[:1])
    with pytest.raises(InvalidInput):  # already proposed
        _propose(world, three)
    with pytest.raises(NotPermitted):
        _propose(world, three[1:], user=world.leader)


def test_only_the_items_leader_or_staff_run_it(world, three):
    item = _propose(world, three)
    services.key_item_decide(user=world.leader, item=item, selected=True, meeting_ref="主任会议")
    other_leader = type(world.leader).objects.create_user(
        username="zhao", password="x", role="leader", full_name="赵主任"
    )
    with pytest.raises(NotPermitted):
        services.key_item_midterm_check(user=other_leader, item=item, note="检查")
    with pytest.raises(NotVisible):
        services.key_item_midterm_check(user=world.edu_handler, item=item, note="检查")


def test_the_meeting_and_staff_write_key_supervision_the_same_way(world, three):
    from suggestions import services as suggestion_services

    direct = suggestion_services.suggestion_set_key_supervision(
        user=world.staff,
        suggestion=three[0],
        leader=world.leader.pk,
        responsible_committee="城建环保工委",
        note="学校周边交通综合治理",
    )
    item = _propose(world, three[1:])
    services.key_item_decide(user=world.staff, item=item, selected=True, meeting_ref="第12次")
    listed = KeySupervision.objects.get(suggestion=three[1])

    def row(s):
        return (s.leader, s.responsible_committee, s.note, s.decided_by)

    assert row(listed) == row(direct) == (world.leader, "城建环保工委", item.title, world.staff)


def test_the_meeting_cannot_list_an_item_whose_leader_has_left(world, three):
    item = _propose(world, three)
    world.leader.is_active = False
    world.leader.save(update_fields=["is_active"])
    with pytest.raises(InvalidInput) as refused:
        services.key_item_decide(user=world.staff, item=item, selected=True, meeting_ref="第12次")
    assert set(refused.value.fields) == {"leader"}
    item.refresh_from_db()
    assert item.status == KeyItemStatus.PROPOSED
    assert not KeySupervision.objects.filter(suggestion__in=three).exists()


def _user_reads(context) -> int:
    return sum('FROM "suggestions_user"' in q["sql"] for q in context.captured_queries)


def _recipient_reads(world, size: int) -> tuple[int, int]:
    """Queries reading users while deciding and concluding an item of `size` suggestions."""
    chosen = [
        steps.assigned(world, title=f"关于第{size}组第{i}处路口加装信号灯的建议", cosign=False)
        for i in range(size)
    ]
    item = _propose(world, chosen, title=f"第{size}组路口治理")
    with CaptureQueriesContext(connection) as decided:
        services.key_item_decide(user=world.staff, item=item, selected=True, meeting_ref="第1次")
    with CaptureQueriesContext(connection) as concluded:
        services.key_item_conclude(
            user=world.staff, item=item, conclusion="已全部完成", committee_opinion="同意结束督办"
        )
    return _user_reads(decided), _user_reads(concluded)


def test_recipients_of_a_key_item_are_read_at_once_whatever_its_size(world):
    assert _recipient_reads(world, 2) == _recipient_reads(world, 5)
    # The deputies were told: the lead deputy of every suggestion (here all 张伟's).
    assert world.zhang.notifications.filter(verb="key_concluded").count() == 2
