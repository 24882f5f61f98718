"""The outbox: notifications written with a change are delivered after commit through Django's mail
backend (locmem in tests), once per channel, re-sent by the sweep after a crash or a failure."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, connection, transaction
from notifications.models import Notification
from notifications.signals import notify

from delivery import outbox
from delivery.models import ChannelPreference, Delivery
from delivery.sms import OutboxSMSBackend
from tests import steps
from tests.delivery.helpers import give_email


def notice(world, user, verb="assigned"):
    suggestion = steps.draft(world)
    Notification.objects.update(emailed=True)  # the draft's co-sign invitation is not under test
    notify.send(
        world.staff,
        recipient=[user],
        verb=verb,
        target=suggestion,
        data={
            "title": suggestion.title,
            "suggestion": suggestion.pk,
            "due": "2026-12-28",
            "days_left": 3,
        },
    )
    return Notification.objects.filter(recipient=user, verb=verb).latest("id")


def test_assignment_is_emailed_to_the_unit_after_commit(world, django_capture_on_commit_callbacks):
    give_email(world.traffic_handler)
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = steps.assigned(world)
    [message] = [m for m in mail.outbox if m.to == ["tra1@example.org"]]
    assert suggestion.title in message.subject
    assert message.alternatives[0][1] == "text/html"
    delivery = Delivery.objects.get(notification__recipient=world.traffic_handler)
    assert delivery.state == Delivery.State.SENT
    assert message.extra_headers["Message-ID"] == f"<delivery-{delivery.pk}@127.0.0.1>"
    # The message links to the page the unit works on (its assignment), not to the front page.
    assignment = suggestion.assignments.get(unit=world.traffic)
    link = f"{settings.SITE_URL}/assignments/{assignment.pk}/"
    assert link in message.body and f'href="{link}"' in message.alternatives[0][0]
    # Users without an address get the in-app notification only.
    assert world.traffic_head.notifications.filter(verb="assigned").exists()
    assert not Delivery.objects.filter(notification__recipient=world.traffic_head).exists()


def test_nothing_is_sent_for_a_change_that_rolls_back(world, django_capture_on_commit_callbacks):
    give_email(world.traffic_handler)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notice(world, world.traffic_handler)
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_fan_out_is_idempotent(world):
    give_email(world.traffic_handler)
    n = notice(world, world.traffic_handler)
    assert outbox.fan_out() == 1
    assert outbox.fan_out() == 0
    Notification.objects.filter(pk=n.pk).update(emailed=False)  # as if the marker were lost
    outbox.fan_out()
    assert Delivery.objects.filter(notification=n).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(notification=n, channel="email")


def test_a_crash_between_sending_and_marking_resends_with_the_same_key(world, monkeypatch):
    give_email(world.traffic_handler)
    notice(world, world.traffic_handler)

    def crash(self, *args, **kwargs):
        raise RuntimeError("killed after the mail server accepted the message")

    monkeypatch.setattr(Delivery, "save", crash)
    with pytest.raises(RuntimeError):
        outbox.sweep()
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().state == Delivery.State.PENDING  # rolled back: not marked
    monkeypatch.undo()
    assert outbox.sweep()["sent"] == 1
    assert outbox.sweep()["sent"] == 0
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert Delivery.objects.get().state == Delivery.State.SENT


def test_failed_sends_are_retried_later_then_given_up(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.DELIVERY_MAX_ATTEMPTS = 2
    give_email(world.traffic_handler)
    notice(world, world.traffic_handler)
    start = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert outbox.sweep() == {"fanned_out": 1, "sent": 0, "failed": 1, "cancelled": 0}
        assert outbox.sweep()["failed"] == 0  # not yet due for a retry
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.PENDING and delivery.attempts == 1
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error
    with time_machine.travel(start + dt.timedelta(minutes=3), tick=False):
        outbox.sweep()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.FAILED, 2)


def test_users_choose_optional_channels_but_deadlines_always_reach_them(world, settings):
    settings.SMS_BACKEND = "delivery.sms.OutboxSMSBackend"
    OutboxSMSBackend.outbox.clear()
    give_email(world.traffic_handler)
    ChannelPreference.objects.create(
        user=world.traffic_handler, email=False, sms=False, phone="13800000000"
    )
    notice(world, world.traffic_handler, verb="assigned")
    outbox.sweep()
    assert mail.outbox == [] and OutboxSMSBackend.outbox == []
    notice(world, world.traffic_handler, verb="reply_due_soon")
    outbox.sweep()
    assert [m.to for m in mail.outbox] == [["tra1@example.org"]]
    [sms] = OutboxSMSBackend.outbox
    assert sms["phone"] == "13800000000" and sms["key"].startswith("delivery-")
    suggestion_pk = Notification.objects.filter(verb="reply_due_soon").get().data["suggestion"]
    assert sms["text"].endswith(f"{settings.SITE_URL}/suggestions/{suggestion_pk}/")
    ChannelPreference.objects.filter(user=world.traffic_handler).update(sms=True)
    notice(world, world.traffic_handler, verb="assigned")
    outbox.sweep()
    assert len(OutboxSMSBackend.outbox) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_delivery_locked_by_another_worker_is_skipped_not_sent_twice():
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL (SQLite serialises writers instead)")
    import threading

    from tests.personas import make_world

    world = make_world()
    give_email(world.traffic_handler)
    # Written without the signal: in autocommit the after-commit kick would deliver it at once.
    Notification.objects.create(
        actor=world.staff, recipient=world.traffic_handler, verb="assigned", data={"title": "t"}
    )
    Notification.objects.exclude(recipient=world.traffic_handler).update(emailed=True)
    outbox.fan_out()
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        from django.db import connections

        with transaction.atomic():
            Delivery.objects.select_for_update().get()
            locked.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    locked.wait(10)
    try:
        assert outbox.send_one() is None  # the row is someone else's: skipped, not waited on
    finally:
        release.set()
        thread.join()
    assert outbox.send_one().state == Delivery.State.SENT
    assert len(mail.outbox) == 1


def test_promise_deadlines_reach_units_that_opted_out_as_reminders(world):
    """Promise reminders are deadline messages like reply reminders: mandatory, and sent with the
    reminder e-mail (due date, days left), not the generic notice."""
    give_email(world.traffic_handler)
    ChannelPreference.objects.create(user=world.traffic_handler, email=False, sms=False)
    suggestion = steps.draft(world)
    Notification.objects.update(emailed=True)  # the draft's co-sign invitation is not under test
    data = {  # the fields followup.reminders gives a promise reminder
        "title": suggestion.title,
        "suggestion": suggestion.pk,
        "promise_text": "年底前完成信号灯安装",
        "unit_name": world.traffic.name,
        "due": "2026-12-28",
        "days_left": 3,
        "days_overdue": 6,
    }
    for verb in ("promise_due_soon", "promise_escalated"):
        notify.send(
            world.staff, recipient=[world.traffic_handler], verb=verb, target=suggestion, data=data
        )
    outbox.sweep()
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2
    assert any(s.startswith(("[提醒]", "[Reminder]")) for s in subjects), subjects
