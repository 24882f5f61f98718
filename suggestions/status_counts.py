"""Suggestions per status, for the staff dashboard.

The open statuses are counted live: they are bounded by the work in hand and the status index
answers them. The end states (closed, withdrawn, not accepted, merged) grow with ten years of
history — counting them was most of the dashboard's 30 ms at 100,000 suggestions and would grow
tenfold at 1,000,000 — so their counts are cached until a suggestion reaches one.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_save
from django.dispatch import receiver

from suggestions.models import Status, Suggestion
from suggestions.models.suggestion import TERMINAL_STATUSES

# Named, not "NOT IN the end states": only a positive list lets PostgreSQL use the status index.
OPEN_STATUSES = tuple(s for s in Status.values if s not in TERMINAL_STATUSES)
KEY = "suggestions:status-counts:ended"
# A safety net for writes that bypass signals (bulk loads): the counts are never older than this.
TIMEOUT = 10 * 60


def _grouped(qs) -> dict[str, int]:
    return dict(qs.values_list("status").annotate(n=Count("id")).order_by())


def by_status() -> dict[str, int]:
    ended = cache.get(KEY)
    if ended is None:
        ended = _grouped(Suggestion.objects.filter(status__in=TERMINAL_STATUSES))
        cache.set(KEY, ended, TIMEOUT)
    return {**_grouped(Suggestion.objects.filter(status__in=OPEN_STATUSES)), **ended}


@receiver(post_save, sender=Suggestion, dispatch_uid="suggestions-status-counts")
def _reached_an_end(sender, instance, **kwargs) -> None:
    if instance.status in TERMINAL_STATUSES:
        # After the commit: a count taken before it would cache the old figure again.
        transaction.on_commit(lambda: cache.delete(KEY))
