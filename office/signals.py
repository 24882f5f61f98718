"""Keeps the search index in step with suggestions and replies: after the transaction commits,
a Celery task indexes them (in-process without a broker), so indexing never slows down or breaks
a transition; `manage.py office_reindex` repairs.

A transition saves its suggestion several times; the ids are collected and indexed once per
commit."""

from __future__ import annotations

import logging
import threading

from django.db.models.signals import post_save
from django.dispatch import receiver

from suggestions import after_commit
from suggestions.models import Reply, Suggestion

logger = logging.getLogger("office")
_pending = threading.local()


def _flush() -> None:
    from office.tasks import index_suggestions_task

    suggestions = sorted(getattr(_pending, "suggestions", set()))
    assignments = sorted(getattr(_pending, "assignments", set()))
    _pending.suggestions, _pending.assignments = set(), set()
    if not (suggestions or assignments):
        return
    try:
        index_suggestions_task.delay(suggestions, assignments)
    except Exception:  # noqa: BLE001 - broker down, or the index failed in-process
        # The transition is committed; `manage.py office_reindex` brings the index back.
        logger.exception("search index not updated for %s", suggestions or assignments)


def _queue(kind: str, pk: int) -> None:
    if not hasattr(_pending, kind):
        setattr(_pending, kind, set())
    getattr(_pending, kind).add(pk)
    # Once per transaction (a rolled-back transaction drops it; the next commit flushes whatever
    # is left, which is harmless).
    after_commit.once(_flush)


@receiver(post_save, sender=Suggestion, dispatch_uid="office_index_suggestion")
def suggestion_saved(sender, instance, **kwargs) -> None:
    _queue("suggestions", instance.pk)


@receiver(post_save, sender=Reply, dispatch_uid="office_index_reply")
def reply_saved(sender, instance, **kwargs) -> None:
    _queue("assignments", instance.assignment_id)
