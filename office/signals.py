"""Keeps the search index in step with suggestions and replies, after the transaction commits
(indexing never slows down or breaks a transition; `manage.py office_reindex` repairs)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from suggestions.models import Reply, Suggestion


def _later(suggestion_id: int) -> None:
    from office.search.index import index_suggestions

    transaction.on_commit(lambda: index_suggestions([suggestion_id]))


@receiver(post_save, sender=Suggestion, dispatch_uid="office_index_suggestion")
def suggestion_saved(sender, instance, **kwargs) -> None:
    _later(instance.pk)


@receiver(post_save, sender=Reply, dispatch_uid="office_index_reply")
def reply_saved(sender, instance, **kwargs) -> None:
    assignment_id = instance.assignment_id

    def index() -> None:
        from office.search.index import index_suggestions
        from suggestions.models import Assignment

        ids = Assignment.objects.filter(pk=assignment_id).values_list("suggestion_id", flat=True)
        index_suggestions(list(ids))

    transaction.on_commit(index)
