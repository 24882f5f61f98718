"""The audit log: append-only, hash-chained rows; and the record of each archive export."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suggestions.models.choices import ChoiceLabelsMixin

GENESIS = "0" * 64


class AppendOnlyError(RuntimeError):
    """The audit log is never changed or deleted through the application."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("success")
    FAILURE = "failure", _("failure")
    REFUSED = "refused", _("refused")


class AuditEntry(ChoiceLabelsMixin, models.Model):
    created_at = models.DateTimeField(_("time"), db_index=True)
    # No database constraint: a row must survive whatever happens to the account later.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("source IP"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["action", "created_at"]),
            models.Index(fields=["actor", "created_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.outcome}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")

    def content(self) -> str:
        """The canonical text the hash covers: every recorded fact of the row."""
        return json.dumps(
            [
                self.created_at.astimezone(dt.UTC).isoformat(),
                self.actor_id,
                self.username,
                self.ip,
                self.action,
                self.object_type,
                self.object_id,
                self.object_repr,
                self.outcome,
                self.detail,
            ],
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=str,
        )

    def compute_hash(self) -> str:
        return hashlib.sha256((self.prev_hash + self.content()).encode()).hexdigest()


class AuditArchive(models.Model):
    """One export of old audit rows to a file (rows are kept; nothing is deleted silently)."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    path = models.CharField(_("file"), max_length=500)
    sha256 = models.CharField(max_length=64)
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    rows = models.PositiveIntegerField()
    before = models.DateTimeField(_("rows older than"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit archive")
        verbose_name_plural = _("audit archives")

    def __str__(self) -> str:
        return f"{self.path} ({self.rows})"
