"""The outbox: notifications written in the caller's transaction are delivered after commit.

`emailed=False` on a notification marks it as not yet fanned out. Fan-out creates one `Delivery`
per external channel (unique per notification and channel) and sets `emailed=True` in one
transaction. Sending claims one pending delivery at a time with SELECT … FOR UPDATE SKIP LOCKED
(PostgreSQL; SQLite serialises writers instead), sends, and marks it SENT in that same
transaction, so no two workers ever send the same delivery at once.

Guarantee, honestly: at least once. If the process dies after the mail server accepted a message
but before the commit, the row is still pending and the next sweep sends it again. The second copy
carries the same `Message-ID` / idempotency key (`delivery-<id>`), so mail systems and SMS
providers that de-duplicate drop it. Exactly once is impossible without the receiver's help.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone, translation
from notifications.models import Notification
from notifications.signals import notify

from delivery import emails, sms
from delivery.channels import channels_for, preference_of, reachable
from delivery.models import Channel, Delivery
from suggestions import after_commit
from suggestions.notify import notification_text

logger = logging.getLogger("delivery")

BATCH = 200


@receiver(notify, dispatch_uid="delivery.outbox.kick")
def _kick_after_commit(sender, **kwargs) -> None:
    """Notifications written → one delivery pass once the writer's transaction commits (one
    pass takes every pending notice, however many groups the transition told)."""
    after_commit.once(kick)


def kick() -> None:
    from delivery.tasks import deliver_pending

    try:
        deliver_pending.delay()
    except Exception:  # noqa: BLE001 - broker down or a send failed in eager mode
        # The change itself is committed; the periodic sweep delivers what is left.
        logger.exception("delivery kick failed; the sweep will retry")


def fan_out(limit: int = BATCH) -> int:
    """Turn undelivered notifications into Delivery rows; returns how many were fanned out."""
    with transaction.atomic():
        batch = list(
            Notification.objects.filter(emailed=False)
            .select_related("recipient__channel_preference")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("id")[:limit]
        )
        rows = [
            Delivery(notification=n, channel=channel) for n in batch for channel in channels_for(n)
        ]
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        Notification.objects.filter(pk__in=[n.pk for n in batch]).update(emailed=True)
    return len(batch)


def _claimable(now: dt.datetime):
    return Delivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), state=Delivery.State.PENDING
    )


def _send(delivery: Delivery) -> None:
    notification = delivery.notification
    user = notification.recipient
    pref = preference_of(user)
    with translation.override(pref.language or settings.LANGUAGE_CODE):
        if delivery.channel == Channel.EMAIL:
            emails.send_for(notification, user.email, delivery.idempotency_key)
        else:
            text = f"{notification_text(notification)} {emails.link_of(notification)}"
            sms.get_backend().send(
                phone=pref.phone, text=text, idempotency_key=delivery.idempotency_key
            )


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2**attempts, 240))


def send_one(now: dt.datetime | None = None) -> Delivery | None:
    """Claim, send and mark one pending delivery; None when nothing is claimable."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            _claimable(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient__channel_preference")
            .order_by("id")
            .first()
        )
        if delivery is None:
            return None
        if not reachable(delivery.notification.recipient):
            # Deactivated after fan-out: the delivery is dropped, not retried (see `reachable`).
            delivery.state, delivery.last_error = Delivery.State.CANCELLED, "account deactivated"
            delivery.save(update_fields=["state", "last_error"])
            return delivery
        delivery.attempts += 1
        try:
            _send(delivery)
        except Exception as exc:  # noqa: BLE001 - any channel failure is retried later
            logger.warning("delivery %s failed: %r", delivery.pk, exc)
            delivery.last_error = repr(exc)[:2000]
            if delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS:
                delivery.state = Delivery.State.FAILED
            else:
                delivery.next_attempt_at = now + _retry_delay(delivery.attempts)
        else:
            delivery.state, delivery.sent_at = Delivery.State.SENT, timezone.now()
        delivery.save(
            update_fields=["state", "attempts", "next_attempt_at", "last_error", "sent_at"]
        )
    return delivery


def sweep(limit: int = 1000) -> dict[str, int]:
    """Fan out and send whatever is left (after commit, and every minute from the periodic job)."""
    fanned = 0
    while (n := fan_out()) > 0:
        fanned += n
    sent = failed = cancelled = 0
    for _ in range(limit):
        delivery = send_one()
        if delivery is None:
            break
        if delivery.state == Delivery.State.SENT:
            sent += 1
        elif delivery.state == Delivery.State.CANCELLED:
            cancelled += 1
        else:
            failed += 1
    return {"fanned_out": fanned, "sent": sent, "failed": failed, "cancelled": cancelled}
