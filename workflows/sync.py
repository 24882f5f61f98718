"""Keeps the viewflow process in step with `Suggestion.status`, inside the service's transaction.

If the flow cannot reach the node the status demands, this raises and the whole transition rolls
back: the status and the work queue never disagree.
"""

from django.contrib.contenttypes.models import ContentType
from viewflow.workflow import STATUS
from viewflow.workflow.models import Process, Task

from .flows import NODE_FOR_STATUS, SuggestionFlow, known_suggestion

MAX_STEPS = 4


class FlowOutOfStep(RuntimeError):
    pass


def process_for(suggestion) -> Process | None:
    ct = ContentType.objects.get_for_model(suggestion)
    return Process.objects.filter(
        flow_class=SuggestionFlow, artifact_content_type=ct, artifact_object_id=suggestion.pk
    ).first()


def waiting_task(suggestion) -> Task | None:
    """The suggestion's open task with its process, in one query (the sync's hot path)."""
    ct = ContentType.objects.get_for_model(suggestion)
    return (
        Task.objects.filter(
            process__flow_class=SuggestionFlow,
            process__artifact_content_type=ct,
            process__artifact_object_id=suggestion.pk,
            status=STATUS.NEW,
        )
        .exclude(flow_task_type__in=["END"])
        .select_related("process")
        .order_by("-pk")
        .first()
    )


def start_process(sender, suggestion, **kwargs) -> None:
    SuggestionFlow.start.run(suggestion=suggestion)


def follow_status(sender, suggestion, **kwargs) -> None:
    wanted = NODE_FOR_STATUS[suggestion.status]
    token = known_suggestion.set(suggestion)
    try:
        task = waiting_task(suggestion)
        if task is None and process_for(suggestion) is None:
            raise FlowOutOfStep(f"suggestion {suggestion.pk} has no process")
        for _step in range(MAX_STEPS):
            current = task.flow_task.name if task else None
            if current == wanted:
                return
            if task is None:
                break
            task.flow_task.run(task)
            task = waiting_task(suggestion)
    finally:
        known_suggestion.reset(token)
    current = task.flow_task.name if task else None
    if current != wanted:
        raise FlowOutOfStep(
            f"suggestion {suggestion.pk} is {suggestion.status} but its process waits at {current}"
        )
