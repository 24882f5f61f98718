"""Reminders and escalation, time-travelled: each step reaches each recipient exactly once, also
when the job runs twice, runs late, or crashes between writing and committing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from delivery.digest import run_digests
from delivery.models import ReminderLog
from delivery.reminders import run_reminders
from suggestions import services
from tests import steps
from tests.delivery.helpers import at, count, give_email, run_at


@pytest.fixture
def assigned(world):
    """Assigned on Monday 2026-09-28: reply due 2026-12-28, co-unit opinions due 2026-10-28,
    re-assignment window until 2026-10-10 (a make-up Saturday)."""
    run_at(at(2026, 9, 28, 10), lambda: steps.assigned(world))
    return world


def test_handlers_reminded_once_per_step_before_the_reply_is_due(assigned):
    w = assigned
    run_at(at(2026, 12, 17), run_reminders, times=2)  # 7 working days left
    assert count(w.traffic_handler, "reply_due_soon") == 1
    assert count(w.traffic_head, "reply_due_soon") == 0
    run_at(at(2026, 12, 18), run_reminders)  # 6 left: still step 7
    run_at(at(2026, 12, 22), run_reminders)  # 4 left
    assert count(w.traffic_handler, "reply_due_soon") == 1
    run_at(at(2026, 12, 23), run_reminders, times=2)  # 3 left
    assert count(w.traffic_handler, "reply_due_soon") == 2
    run_at(at(2026, 12, 25), run_reminders)  # 1 left
    run_at(at(2026, 12, 28), run_reminders)  # due today: step 1 already sent
    assert count(w.traffic_handler, "reply_due_soon") == 3
    steps_sent = ReminderLog.objects.filter(kind="reply", recipient=w.traffic_handler)
    assert sorted(steps_sent.values_list("step", flat=True)) == ["1", "3", "7"]
    # Co-units do not write the reply: they get no reply reminders.
    assert count(w.edu_handler, "reply_due_soon") == 0


def test_a_late_run_sends_only_the_step_in_force(assigned):
    w = assigned
    run_at(at(2026, 12, 24), run_reminders)  # missed the 7- and 3-day runs; 2 days left
    logs = ReminderLog.objects.filter(kind="reply", recipient=w.traffic_handler)
    assert list(logs.values_list("step", flat=True)) == ["3"]
    assert count(w.traffic_handler, "reply_due_soon") == 1


def test_nothing_goes_out_before_the_reminder_hour(assigned):
    assert run_at(at(2026, 12, 17, 7), run_reminders) == [0]
    assert count(assigned.traffic_handler, "reply_due_soon") == 0


@pytest.mark.parametrize("hour", [9, 23])
def test_overdue_daily_to_handlers_and_head_on_working_days_then_staff_once(assigned, hour):
    w = assigned
    services.assignment_sign(
        user=w.traffic_handler,
        assignment=steps.assignment_of(steps.refreshed(w.session.suggestions.get()), w.traffic),
    )
    # Co-unit opinions were due 2026-10-28 (Wednesday).
    run_at(at(2026, 10, 29, hour), run_reminders, times=2)  # 1 working day overdue
    run_at(at(2026, 10, 30, hour), run_reminders)  # 2
    run_at(at(2026, 10, 31, hour), run_reminders)  # Saturday: no daily message
    run_at(at(2026, 11, 1, hour), run_reminders)  # Sunday
    for user in (w.edu_handler, w.edu_head, w.env_handler, w.env_head):
        assert count(user, "opinion_overdue") == 2
    assert count(w.staff, "opinion_escalated") == 0
    run_at(at(2026, 11, 2, hour), run_reminders)  # 3
    run_at(at(2026, 11, 3, hour), run_reminders)  # 4
    run_at(at(2026, 11, 4, hour), run_reminders, times=2)  # 5: escalated to committee staff
    run_at(at(2026, 11, 5, hour), run_reminders)  # 6: staff are not told again
    assert count(w.edu_head, "opinion_overdue") == 6
    assert count(w.staff, "opinion_escalated") == 2  # once for each late co-unit
    assert count(w.traffic_handler, "opinion_overdue") == 0  # the lead unit owes no opinion


def test_crash_before_commit_leaves_nothing_and_the_rerun_sends_once(assigned, monkeypatch):
    w = assigned

    def crash(self, *args, **kwargs):
        raise RuntimeError("worker killed between writing and committing")

    monkeypatch.setattr(ReminderLog, "save", crash)
    with pytest.raises(RuntimeError):
        run_at(at(2026, 12, 17), run_reminders)
    assert count(w.traffic_handler, "reply_due_soon") == 0
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    run_at(at(2026, 12, 17), run_reminders)
    run_at(at(2026, 12, 17, 15), run_reminders)  # a crash after commit = a second run
    assert count(w.traffic_handler, "reply_due_soon") == 1


def test_re_assignment_window_reminds_units_that_have_not_signed(assigned):
    w = assigned
    suggestion = w.session.suggestions.get()
    services.assignment_sign(
        user=w.traffic_handler, assignment=steps.assignment_of(suggestion, w.traffic)
    )
    run_at(at(2026, 10, 9), run_reminders, times=2)  # the window closes on 10-10
    assert count(w.edu_handler, "reassignment_window_closing") == 1
    assert count(w.env_handler, "reassignment_window_closing") == 1
    assert count(w.traffic_handler, "reassignment_window_closing") == 0


def test_deputy_reminded_to_rate_until_rated(world):
    suggestion = run_at(at(2026, 9, 21, 10), lambda: steps.replied(world))[0]
    due = suggestion.rating_due
    assert due.isoformat() == "2026-10-26"  # 20 working days, skipping Mid-autumn and National Day
    run_at(at(2026, 10, 23), run_reminders, times=2)  # 1 working day left
    assert count(world.zhang, "rating_due_soon") == 1
    assert count(world.li, "rating_due_soon") == 0  # co-signers rate only by setting
    run_at(at(2026, 10, 27), run_reminders, times=2)
    assert count(world.zhang, "rating_overdue") == 1
    services.suggestion_rate(
        user=world.zhang, suggestion=suggestion, process="satisfied", result="satisfied", met=True
    )
    run_at(at(2026, 10, 28), run_reminders)
    assert count(world.zhang, "rating_overdue") == 1


def test_unit_digest_once_a_working_day_with_everything_open(assigned):
    w = assigned
    give_email(w.edu_head)
    run_at(at(2026, 10, 27), run_digests, times=2)
    run_at(at(2026, 10, 31), run_digests)  # Saturday: none
    for user in (w.edu_handler, w.edu_head, w.traffic_handler, w.traffic_head):
        assert count(user, "unit_digest") == 1
    assert count(w.other_handler, "unit_digest") == 0  # nothing open at that unit
    digest = w.edu_head.notifications.get(verb="unit_digest")
    assert (digest.data["n_due_soon"], digest.data["n_overdue"], digest.data["n_open"]) == (1, 0, 0)
    assert digest.data["due_soon"][0]["due"] == "2026-10-28"
    run_at(at(2026, 10, 29), run_digests)
    assert w.edu_head.notifications.filter(verb="unit_digest").count() == 2
    call_command("run_periodic", "--once", verbosity=0)
    [message] = [m for m in mail.outbox if m.to == ["edu_head@example.org"]][-1:]
    assert "关于增设学校周边交通信号灯的建议 · 2026-10-28" in message.body


def test_run_periodic_emails_reminders_through_the_mail_backend(assigned):
    w = assigned
    give_email(w.traffic_handler)
    run_at(at(2026, 12, 17), lambda: call_command("run_periodic", "--once", verbosity=0))
    run_at(at(2026, 12, 17, 10), lambda: call_command("run_periodic", "--once", verbosity=0))
    verbs = [m.extra_headers["X-Notification-Verb"] for m in mail.outbox]
    assert verbs.count("reply_due_soon") == 1
    assert verbs.count("unit_digest") == 1
    [message] = [
        m for m in mail.outbox if m.extra_headers["X-Notification-Verb"] == "reply_due_soon"
    ]
    assert "2026-12-28" in message.body
    assert message.to == ["tra1@example.org"]
    assert "关于增设学校周边交通信号灯的建议" in message.subject
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["Message-ID"].startswith("<delivery-")


def test_a_run_with_nothing_new_costs_the_same_few_queries_however_much_is_open(
    world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rerun_queries() -> int:
        run_at(at(2026, 12, 17), run_reminders)
        with CaptureQueriesContext(connection) as ctx:
            run_at(at(2026, 12, 17, 11), run_reminders)
        return len(ctx.captured_queries)

    run_at(at(2026, 9, 28, 10), lambda: steps.assigned(world))
    one = rerun_queries()
    for title in ("关于加装小区电梯的建议", "关于增加公交夜班线路的建议"):
        run_at(at(2026, 9, 28, 10), lambda t=title: steps.assigned(world, title=t))
    assert rerun_queries() == one
    with django_assert_max_num_queries(12):
        run_at(at(2026, 12, 17, 12), run_reminders)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_step_once():
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them)")
    import threading

    from tests.personas import make_world

    world = make_world()
    run_at(at(2026, 9, 28, 10), lambda: steps.assigned(world))
    barrier = threading.Barrier(2)
    errors = []

    def job():
        try:
            barrier.wait(10)
            run_reminders(at(2026, 12, 17))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert count(world.traffic_handler, "reply_due_soon") == 1
    assert ReminderLog.objects.filter(kind="reply", recipient=world.traffic_handler).count() == 1


def test_an_extension_restarts_the_steps_for_the_new_due_date(assigned):
    w = assigned
    lead = steps.assignment_of(w.session.suggestions.get(), w.traffic)
    services.assignment_sign(user=w.traffic_handler, assignment=lead)
    run_at(at(2026, 12, 25), run_reminders)  # step 1 for 12-28
    request = services.assignment_request_extension(
        user=w.traffic_handler, assignment=lead, reason="需要跨部门协调", due_date="2027-01-29"
    )
    services.request_approve(user=w.staff, request=request)
    run_at(at(2026, 12, 28), run_reminders)  # the old due date passes: not overdue any more
    assert count(w.traffic_handler, "reply_overdue") == 0
    run_at(at(2027, 1, 28), run_reminders)  # 1 working day before the new date
    logs = ReminderLog.objects.filter(kind="reply", recipient=w.traffic_handler)
    assert sorted((str(r.day), r.step) for r in logs) == [("2026-12-28", "1"), ("2027-01-29", "1")]
