"""Races with 8 real processes on PostgreSQL: for each transition, exactly one wins, the others get
a clean 409, and there is no duplicate event or notification and no stuck workflow."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone
from notifications.models import Notification

from security.audit import first_broken
from suggestions import services
from suggestions.models import Event, Reply, Suggestion, UnitRequest
from tests import steps
from tests.security.races import race
from workflows.flows import NODE_FOR_STATUS
from workflows.sync import waiting_task

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def lead(world, s):
    return steps.assignment_of(s, world.traffic)


def co(world, s):
    return steps.assignment_of(s, world.edu)


def handled_draft(world):
    s = steps.assigned(world)
    a = lead(world, s)
    services.assignment_sign(user=world.traffic_handler, assignment=a)
    services.assignment_draft_reply(
        user=world.traffic_handler, assignment=a, result_class="A", text="已完成。"
    )
    return s


def pending(world, kind):
    s = steps.assigned(world)
    a = co(world, s)
    if kind == "reassignment":
        services.assignment_request_reassignment(
            user=world.edu_handler, assignment=a, reason="非本单位职责"
        )
    else:
        services.assignment_request_extension(
            user=world.edu_handler,
            assignment=a,
            reason="需协调",
            due_date=a.due_date + dt.timedelta(days=10),
        )
    return s, UnitRequest.objects.get(assignment=a)


def prepare(world, name):
    """(suggestion, the call every process makes) for one transition type."""
    w = world
    if name == "submit":
        s = steps.draft(w, cosign=False)
        return s, lambda: services.suggestion_submit(user=w.zhang, suggestion=s.pk)
    if name == "cosign_confirm":
        s = steps.draft(w)
        return s, lambda: services.cosign_confirm(user=w.li, suggestion=s.pk)
    if name == "withdraw":
        s = steps.submitted(w)
        return s, lambda: services.suggestion_withdraw(user=w.zhang, suggestion=s.pk)
    if name == "accept":
        s = steps.submitted(w)
        return s, lambda: services.suggestion_accept(user=w.staff, suggestion=s.pk)
    if name == "not_accept":
        s = steps.submitted(w)
        return s, lambda: services.suggestion_not_accept(
            user=w.staff, suggestion=s.pk, reason="个人事项"
        )
    if name == "merge":
        target = steps.accepted(w, title="目标建议")
        s = steps.submitted(w)
        return s, lambda: services.suggestion_merge(user=w.staff, suggestion=s.pk, into=target.pk)
    if name == "assign":
        s = steps.accepted(w)
        return s, lambda: services.suggestion_assign(
            user=w.staff, suggestion=s.pk, lead_unit=w.traffic.pk, co_units=[w.edu.pk]
        )
    if name == "sign":
        s = steps.assigned(w)
        a = lead(w, s)
        return s, lambda: services.assignment_sign(user=w.traffic_handler, assignment=a.pk)
    if name == "submit_opinion":
        s = steps.assigned(w)
        a = co(w, s)
        return s, lambda: services.assignment_submit_opinion(
            user=w.edu_handler, assignment=a.pk, text="同意。"
        )
    if name == "sign_off":
        s = handled_draft(w)
        a = lead(w, s)
        return s, lambda: services.assignment_sign_off(user=w.traffic_head, assignment=a.pk)
    if name in ("request_reassignment", "request_extension"):
        s = steps.assigned(w)
        a = co(w, s)
        if name == "request_reassignment":
            return s, lambda: services.assignment_request_reassignment(
                user=w.edu_handler, assignment=a.pk, reason="非本单位职责"
            )
        return s, lambda: services.assignment_request_extension(
            user=w.edu_handler,
            assignment=a.pk,
            reason="需协调",
            due_date=a.due_date + dt.timedelta(days=10),
        )
    if name == "request_approve":
        s, request = pending(w, "extension")
        return s, lambda: services.request_approve(user=w.staff, request=request.pk)
    if name == "request_approve_reassignment":
        s, request = pending(w, "reassignment")
        return s, lambda: services.request_approve(
            user=w.staff, request=request.pk, unit=w.other.pk
        )
    if name == "request_reject":
        s, request = pending(w, "extension")
        return s, lambda: services.request_reject(user=w.staff, request=request.pk, reason="不符合")
    if name == "approve_reply":
        s = steps.handled(w)
        return s, lambda: services.suggestion_approve_reply(user=w.staff, suggestion=s.pk)
    if name == "return_reply":
        s = steps.handled(w)
        return s, lambda: services.suggestion_return_reply(
            user=w.staff, suggestion=s.pk, reason="答复笼统"
        )
    if name == "rate":
        s = steps.replied(w)
        return s, lambda: services.suggestion_rate(
            user=w.zhang, suggestion=s.pk, process="satisfied", result="dissatisfied", met=True
        )
    if name == "close":
        s = steps.rated(w)
        return s, lambda: services.suggestion_close(user=w.staff, suggestion=s.pk)
    raise AssertionError(name)


TRANSITIONS = [
    "submit",
    "cosign_confirm",
    "withdraw",
    "accept",
    "not_accept",
    "merge",
    "assign",
    "sign",
    "submit_opinion",
    "sign_off",
    "request_reassignment",
    "request_extension",
    "request_approve",
    "request_approve_reassignment",
    "request_reject",
    "approve_reply",
    "return_reply",
    "rate",
    "close",
]


@pytest.mark.parametrize("name", TRANSITIONS)
def test_eight_processes_one_winner(world, require_postgres, name):
    s, call = prepare(world, name)
    events_before = set(Event.objects.filter(suggestion=s).values_list("pk", flat=True))
    notes_before = Notification.objects.count()
    outcomes = race(call)
    kinds = Counter(outcome for outcome, _detail in outcomes)
    assert not [d for o, d in outcomes if o == "error"], outcomes
    assert kinds["ok"] == 1, outcomes
    assert all(detail == "409" for outcome, detail in outcomes if outcome != "ok"), outcomes
    new_events = Event.objects.filter(suggestion=s).exclude(pk__in=events_before)
    assert new_events.count() == 1
    event = new_events.get()
    notes = Notification.objects.filter(action_object_object_id=str(event.pk))
    assert Notification.objects.count() - notes_before == notes.count()
    recipients = Counter(notes.values_list("recipient_id", flat=True))
    assert all(n == 1 for n in recipients.values()), "someone was notified twice"
    s = Suggestion.objects.get(pk=s.pk)
    task = waiting_task(s)
    assert (task.flow_task.name if task else None) == NODE_FOR_STATUS[s.status]
    assert first_broken() is None  # concurrent appends never fork the audit chain


def test_concurrent_reply_revisions_are_serialised(world, require_postgres):
    s = handled_draft(world)
    a = lead(world, s)
    outcomes = race(
        lambda: services.assignment_draft_reply(
            user=world.traffic_handler, assignment=a.pk, result_class="A", text="修改后的答复。"
        )
    )
    assert [o for o, _d in outcomes] == ["ok"] * 8  # revising a draft is allowed each time
    assert Reply.objects.filter(assignment=a).count() == 1
    assert Event.objects.filter(suggestion=s, verb="reply_drafted").count() == 9


def test_after_a_race_the_workflow_moves_on(world, require_postgres):
    s, call = prepare(world, "accept")
    race(call)
    services.suggestion_assign(
        user=world.staff, suggestion=s.pk, lead_unit=world.traffic.pk, co_units=[]
    )
    assert waiting_task(Suggestion.objects.get(pk=s.pk)).flow_task.name == "handling"
    assert timezone.now()
