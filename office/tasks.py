"""Celery task: bring the search index up to date for suggestions that changed.

Queued after a transition commits (office.signals), so that with a broker the web process only
publishes a message and the Celery workers do the indexing; `manage.py office_reindex` repairs
anything a lost message left behind."""

from celery import shared_task


@shared_task(name="office.index_suggestions", ignore_result=True)
def index_suggestions_task(suggestion_ids: list[int], assignment_ids: list[int]) -> int:
    from office.search.index import index_suggestions
    from suggestions.models import Assignment

    ids = set(suggestion_ids)
    if assignment_ids:
        ids |= set(
            Assignment.objects.filter(pk__in=assignment_ids).values_list("suggestion_id", flat=True)
        )
    return index_suggestions(sorted(ids)) if ids else 0
