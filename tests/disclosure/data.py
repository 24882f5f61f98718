"""Hand-made suggestions with known statistics, built through the services as the real actors.

- s1: replied A on time; rated satisfied / satisfied, met.
- s2: category 交通出行; assigned in May, replied B in November (late); rated result basically
  satisfied, process satisfied, not met; its promise fulfilled; later upgraded B→A.
- s3: assigned in August, extended to December, replied C in November: late by the original
  date, on time by the extension; unrated; its promise overdue.
- s4: replied A, rated dissatisfied (process dissatisfied, not met) → re-handled, replied B,
  rated satisfied (process basically satisfied), met. First round: A, dissatisfied; latest: B,
  satisfied.
- s5 withdrawn, s6 not accepted, s8 merged into s1.
- s7: assigned to 教育局 as lead with 交通局 as co-unit; no reply yet.
Everything happens at fixed dates (time-machine), so the answers do not depend on the day the
tests run. s1–s4 go to 交通局 (lead) with 教育局 and 生态环境局 as co-units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import time_machine

from suggestions import services
from suggestions.models import Category, Promise, Reply, Suggestion
from tests import steps


@dataclass
class Known:
    s1: Suggestion
    s2: Suggestion
    s3: Suggestion
    s4: Suggestion
    s7: Suggestion
    transport: Category


NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
MAY = dt.datetime(2026, 5, 6, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
AUGUST = dt.datetime(2026, 8, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _rate(world, s, *, process, result, met):
    services.suggestion_rate(
        user=world.zhang, suggestion=s, process=process, result=result, met=met
    )
    return steps.refreshed(s)


def build(world) -> Known:
    with time_machine.travel(MAY, tick=True):
        s2 = steps.assigned(world, title="建议二")
    with time_machine.travel(AUGUST, tick=True):
        s3 = steps.assigned(world, title="建议三")
    with time_machine.travel(NOW, tick=True):
        return _build_now(world, s2, s3)


def _build_now(world, s2, s3) -> Known:
    transport = Category.objects.create(name="交通出行")

    s1 = steps.handled(world, title="建议一")
    s1 = services.suggestion_approve_reply(user=world.staff, suggestion=s1)
    s1 = _rate(world, s1, process="satisfied", result="satisfied", met=True)

    Suggestion.objects.filter(pk=s2.pk).update(category=transport)
    steps.reply(world, s2, world.traffic, world.traffic_handler, world.traffic_head, "B")
    s2 = services.suggestion_approve_reply(user=world.staff, suggestion=steps.refreshed(s2))
    s2 = _rate(world, s2, process="satisfied", result="basically_satisfied", met=False)
    Promise.objects.filter(reply__assignment__suggestion=s2).update(state="fulfilled")
    # A later upgrade B→A keeps the original class for statistics.
    Reply.objects.filter(assignment__suggestion=s2).update(result_class="A")

    a3 = steps.assignment_of(s3, world.traffic)
    services.assignment_sign(user=world.traffic_handler, assignment=a3)
    request = services.assignment_request_extension(
        user=world.traffic_handler,
        assignment=a3,
        reason="需要协调多个部门",
        due_date=dt.date(2026, 12, 10),
    )
    services.request_approve(user=world.staff, request=request)
    steps.reply(world, s3, world.traffic, world.traffic_handler, world.traffic_head, "C")
    s3 = services.suggestion_approve_reply(user=world.staff, suggestion=steps.refreshed(s3))
    Promise.objects.filter(reply__assignment__suggestion=s3).update(due_date=dt.date(2026, 10, 1))

    s4 = steps.handled(world, title="建议四")
    s4 = services.suggestion_approve_reply(user=world.staff, suggestion=s4)
    s4 = _rate(world, s4, process="dissatisfied", result="dissatisfied", met=False)
    steps.reply(world, s4, world.traffic, world.traffic_handler, world.traffic_head, "B")
    s4 = services.suggestion_approve_reply(user=world.staff, suggestion=steps.refreshed(s4))
    s4 = _rate(world, s4, process="basically_satisfied", result="satisfied", met=True)
    # Not yet due whenever the tests run.
    Promise.objects.filter(reply__assignment__suggestion=s4).update(due_date=dt.date(2099, 1, 1))

    s5 = steps.submitted(world, title="建议五")
    services.suggestion_withdraw(user=world.zhang, suggestion=s5)
    s6 = steps.submitted(world, title="建议六")
    services.suggestion_not_accept(user=world.staff, suggestion=s6, reason="属于个人事项")
    s7 = steps.accepted(world, title="建议七")
    s7 = services.suggestion_assign(
        user=world.staff, suggestion=s7, lead_unit=world.edu.pk, co_units=[world.traffic.pk]
    )
    s8 = steps.submitted(world, title="建议八")
    services.suggestion_merge(user=world.staff, suggestion=s8, into=s1.pk)
    return Known(s1=s1, s2=s2, s3=s3, s4=s4, s7=s7, transport=transport)
