"""Reply outcomes of split suggestions, where each unit has its own due date and class, across
re-handling: every reply of the suggestion counts, each against its own assignment's due date.

- X: split to 教育局 and 交通局 in August. 交通局's due date is extended twice (10 November, then
  10 December), 教育局's once (10 December); both reply on 20 November: on time by the last
  extensions, late by the original dates. Round 1: 教育局 D, 交通局 B; rated dissatisfied,
  re-handled; round 2: 教育局 A, 交通局 B, later upgraded to A.
  First round class D (the worst); latest B (round 2 only, as first replied).
- Y: split the same way; 教育局 extended to 10 December, 交通局 only to 10 November; both reply
  on 20 November: 交通局 is late, so the suggestion is late. Round 1: 教育局 A, 交通局 C.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from disclosure import statistics, verify
from suggestions import services
from suggestions.models import Reply
from tests import steps
from tests.disclosure.data import AUGUST, NOW


def _extend(world, s, unit, handler, *days):
    a = steps.assignment_of(s, unit)
    services.assignment_sign(user=handler, assignment=a)
    for day in days:
        request = services.assignment_request_extension(
            user=handler, assignment=steps.refreshed(a), reason="需要协调多个部门", due_date=day
        )
        services.request_approve(user=world.staff, request=request)


def _both_reply(world, s, edu_class, traffic_class):
    steps.reply(world, s, world.edu, world.edu_handler, world.edu_head, edu_class)
    steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head, traffic_class)
    return services.suggestion_approve_reply(user=world.staff, suggestion=steps.refreshed(s))


@pytest.fixture
def split(world):
    november, december = dt.date(2026, 11, 10), dt.date(2026, 12, 10)
    with time_machine.travel(AUGUST, tick=True):
        x = steps.assigned(world, split=True, title="建议甲")
        y = steps.assigned(world, split=True, title="建议乙")
        _extend(world, x, world.traffic, world.traffic_handler, november, december)
        _extend(world, x, world.edu, world.edu_handler, december)
        _extend(world, y, world.traffic, world.traffic_handler, november)
        _extend(world, y, world.edu, world.edu_handler, december)
    with time_machine.travel(NOW, tick=True):
        x = _both_reply(world, x, "D", "B")
        services.suggestion_rate(
            user=world.zhang, suggestion=x, process="dissatisfied", result="dissatisfied", met=False
        )
        x = _both_reply(world, steps.refreshed(x), "A", "B")
        # A later upgrade B→A of the round-2 reply keeps its class as first replied.
        Reply.objects.filter(assignment__suggestion=x, round=2, result_class="B").update(
            result_class="A"
        )
        y = _both_reply(world, y, "A", "C")
    return x, y


def test_each_reply_is_late_against_its_own_last_extension(world, split):
    st = statistics.compute(world.session, "latest")
    assert (st["assigned"], st["replied"]) == (2, 2)
    assert st["on_time"] == 1  # X by both last extensions; Y's 交通局 reply is past 10 November
    assert st["on_time_original"] == 0


def test_class_is_the_worst_of_the_units_in_the_round(world, split):
    latest = statistics.compute(world.session, "latest")
    # X: round 2 only (its round-1 D no longer counts), 交通局's B as first replied.
    assert [latest[f"class_{c}"] for c in "abcd"] == [0, 1, 1, 0]
    first = statistics.compute(world.session, "first")
    assert [first[f"class_{c}"] for c in "abcd"] == [0, 0, 1, 1]
    by_unit = {(r["unit"]["name"], r["role"]): r for r in first["by_unit"]}
    assert by_unit[("区教育局", "split")]["class_d"] == 1
    assert verify.differences(world.session, "latest") == []
    assert verify.differences(world.session, "first") == []
