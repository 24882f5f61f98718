"""A process killed (SIGKILL) in the middle of a transition — status saved, workflow moved, event
and audit rows written, not yet committed — leaves no trace, and the next attempt succeeds."""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.db import connections
from django.db.models.signals import post_save
from notifications.models import Notification

from security.models import AuditEntry
from suggestions import services
from suggestions.models import Assignment, Event, Suggestion
from tests import steps
from tests.security.races import FORK
from workflows.sync import waiting_task

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def killed_mid_transition(call) -> None:
    """Run `call` in a child that stops right after the event row is written; kill it there."""
    connections.close_all()
    ready_read, ready_write = os.pipe()

    def child():
        connections.close_all()

        def pause(sender, **kwargs):
            os.write(ready_write, b"x")
            time.sleep(120)

        post_save.connect(pause, sender=Event, weak=False)
        call()
        os._exit(0)

    worker = FORK.Process(target=child)
    worker.start()
    assert os.read(ready_read, 1) == b"x"
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(timeout=30)
    assert worker.exitcode == -signal.SIGKILL


def snapshot(s) -> tuple:
    s = Suggestion.objects.get(pk=s.pk)
    task = waiting_task(s)
    return (
        s.status,
        sorted(Assignment.objects.filter(suggestion=s).values_list("unit_id", "status")),
        task.flow_task.name if task else None,
        Event.objects.count(),
        AuditEntry.objects.count(),
        Notification.objects.count(),
    )


@pytest.mark.parametrize("name", ["accept", "assign", "sign_off"])
def test_kill_in_the_middle_leaves_no_partial_write(world, require_postgres, name):
    w = world
    if name == "accept":
        s = steps.submitted(w)
        call = lambda: services.suggestion_accept(user=w.staff, suggestion=s.pk)  # noqa: E731
    elif name == "assign":
        s = steps.accepted(w)
        call = lambda: services.suggestion_assign(  # noqa: E731
            user=w.staff, suggestion=s.pk, lead_unit=w.traffic.pk, co_units=[w.edu.pk]
        )
    else:
        s = steps.assigned(w)
        a = steps.assignment_of(s, w.traffic)
        services.assignment_sign(user=w.traffic_handler, assignment=a)
        services.assignment_draft_reply(
            user=w.traffic_handler, assignment=a, result_class="A", text="已完成。"
        )
        call = lambda: services.assignment_sign_off(user=w.traffic_head, assignment=a.pk)  # noqa: E731
    before = snapshot(s)
    killed_mid_transition(call)
    assert snapshot(s) == before
    started = time.monotonic()
    call()  # the killed transaction's locks are gone: it goes through at once
    assert time.monotonic() - started < 5
    after = snapshot(s)
    assert after[0] != before[0] and after[3] == before[3] + 1
