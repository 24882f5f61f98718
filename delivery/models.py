"""Delivery state: one row per notification and external channel, users' channel choices, and the
log that makes each reminder step happen once per recipient."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suggestions.models.choices import ChoiceLabelsMixin


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")


class Delivery(ChoiceLabelsMixin, models.Model):
    """A notification to be sent through one external channel (in-app is the notification itself).

    The unique (notification, channel) pair makes fan-out idempotent; `state` pending → sent or
    failed (after `DELIVERY_MAX_ATTEMPTS`), or cancelled when the recipient's account was
    deactivated before it went out.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("sending failed")
        CANCELLED = "cancelled", _("not sent: account deactivated")

    notification = models.ForeignKey(
        "notifications.Notification", on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="pending")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_delivery_per_channel"
            )
        ]
        # The sweep reads only pending rows; a partial index keeps that cheap as history grows.
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_pending_idx",
                condition=models.Q(state="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.notification_id} · {self.state}"

    @property
    def idempotency_key(self) -> str:
        """Stable per delivery: the e-mail Message-ID and the SMS provider's dedup key."""
        return f"delivery-{self.pk}"


class ChannelPreference(ChoiceLabelsMixin, models.Model):
    """Which optional channels a user wants. Deadline and escalation messages ignore the opt-out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preference"
    )
    email = models.BooleanField(_("e-mail"), default=True)
    sms = models.BooleanField(_("SMS"), default=False)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")

    def __str__(self) -> str:
        return str(self.user)


class ReminderLog(models.Model):
    """One reminder step for one recipient. Written in the same transaction as the in-app
    notification it produced, so a step is either fully done or not at all."""

    kind = models.CharField(max_length=30)
    # The assignment (unit deadlines), suggestion (rating), unit (digest) or year (calendar).
    target_id = models.BigIntegerField()
    # "7", "3", "1" working days before; "overdue"; "escalation"; "digest"; "calendar".
    step = models.CharField(max_length=20)
    # The due date for steps that happen once per due date; today's date for daily ones.
    day = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    notification_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_id", "step", "day", "recipient"], name="one_reminder_step"
            )
        ]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id} {self.step} {self.day} → {self.recipient_id}"
