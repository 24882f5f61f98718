"""Due promises in the real reminder engine: due soon to the unit's handlers, overdue to the unit,
escalated to staff, each step once however often the engine runs."""

from __future__ import annotations

import datetime as dt

import time_machine
from notifications.models import Notification

from delivery.reminders import run_reminders
from followup import services
from suggestions.notify import notification_text
from tests.followup.helpers import closed_b_reply

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)  # 18:00 in Shanghai


def _verbs(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, verb__startswith="promise_")
        .order_by("id")
        .values_list("verb", flat=True)
    )


def test_promise_reminders_before_and_after_the_date(world):
    with time_machine.travel(START, tick=False):
        _suggestion, reply = closed_b_reply(world, days=(30,))
    promise = reply.promises.get()  # due Wednesday 2026-04-01
    day_before = promise.due_date - dt.timedelta(days=1)
    with time_machine.travel(_at(day_before), tick=False):
        run_reminders()
        run_reminders()  # a second run the same day sends nothing again
    assert _verbs(world.traffic_handler) == ["promise_due_soon"]
    assert _verbs(world.traffic_head) == [] and _verbs(world.staff) == []
    note = Notification.objects.get(recipient=world.traffic_handler, verb="promise_due_soon")
    assert promise.text in notification_text(note)

    with time_machine.travel(_at(promise.due_date + dt.timedelta(days=1)), tick=False):
        run_reminders()
    assert _verbs(world.traffic_head) == ["promise_overdue"]
    with time_machine.travel(_at(promise.due_date + dt.timedelta(days=14)), tick=False):
        run_reminders()
    assert _verbs(world.staff) == ["promise_escalated"]

    services.promise_end_unfulfilled(
        user=world.traffic_handler, promise=promise, explanation="资金未到位，明年实施"
    )
    before = Notification.objects.filter(verb__startswith="promise_").count()
    with time_machine.travel(_at(promise.due_date + dt.timedelta(days=15)), tick=False):
        run_reminders()
    assert Notification.objects.filter(verb__startswith="promise_").count() == before
