"""The one event log: every transition appends one row in the same transaction.

The timeline, notifications, statistics re-computation and the audit trail all read it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    # Indexed by (suggestion, id) below: the newest event of a suggestion, its version in the
    # page cache, is then one step of an index-only scan; the lookups by suggestion use it too.
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="events", db_index=False
    )
    assignment = models.ForeignKey(
        "suggestions.Assignment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    round = models.PositiveSmallIntegerField(default=1)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["suggestion", "id"], name="event_suggestion_newest"),
            models.Index(fields=["suggestion", "created_at"]),
            models.Index(fields=["verb", "created_at"]),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.verb} {self.from_status}→{self.to_status}"
