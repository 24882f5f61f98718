"""A deactivated account gets nothing by e-mail or SMS, not even a deadline message: whether it was
deactivated before its notices were fanned out or while a delivery was waiting to be sent. Its
in-app notices stay, readable only if it is activated again."""

from __future__ import annotations

from django.core import mail
from notifications.models import Notification
from notifications.signals import notify

from delivery import outbox
from delivery.models import ChannelPreference, Delivery
from delivery.sms import OutboxSMSBackend
from tests import steps
from tests.delivery.helpers import give_email


def _deactivate(user) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


def _mailed_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def _remind(world, user, suggestion) -> None:
    """A reply deadline reminder: mandatory, so it ignores the user's opt-outs."""
    notify.send(
        world.staff,
        recipient=[user],
        verb="reply_due_soon",
        target=suggestion,
        data={
            "title": suggestion.title,
            "suggestion": suggestion.pk,
            "due": "2026-12-28",
            "days_left": 3,
        },
    )


def test_an_account_deactivated_before_delivery_is_neither_mailed_nor_texted(world, settings):
    settings.SMS_BACKEND = "delivery.sms.OutboxSMSBackend"
    OutboxSMSBackend.outbox.clear()
    handler, head = world.traffic_handler, world.traffic_head
    give_email(handler, head)
    ChannelPreference.objects.create(user=handler, sms=True, phone="13800000000")
    suggestion = steps.assigned(world)  # tells the traffic bureau's handler and head
    _remind(world, handler, suggestion)
    _deactivate(handler)  # before the sweep delivers what was written while it was active
    mail.outbox.clear()
    outbox.sweep()
    assert _mailed_to(handler) == [] and OutboxSMSBackend.outbox == []
    assert not Delivery.objects.filter(notification__recipient=handler).exists()
    # The active colleague is mailed as usual; the in-app notices of the deactivated one stay.
    assert [suggestion.title in m.subject for m in _mailed_to(head)] == [True]
    verbs = set(Notification.objects.filter(recipient=handler).values_list("verb", flat=True))
    assert verbs == {"assigned", "reply_due_soon"}


def test_a_delivery_waiting_when_the_account_is_deactivated_is_cancelled_not_sent(world):
    handler = world.traffic_handler
    give_email(handler)
    steps.assigned(world)
    outbox.fan_out()
    waiting = Delivery.objects.get(notification__recipient=handler)
    assert waiting.state == Delivery.State.PENDING
    _deactivate(handler)
    mail.outbox.clear()
    assert outbox.sweep()["cancelled"] == 1
    waiting.refresh_from_db()
    assert waiting.state == Delivery.State.CANCELLED and waiting.sent_at is None
    assert _mailed_to(handler) == []
    # Activated again, the account is not sent what was cancelled meanwhile.
    handler.is_active = True
    handler.save(update_fields=["is_active"])
    outbox.sweep()
    assert _mailed_to(handler) == []
