"""The suggestion's process as a list of stages, each done, current or still ahead: the chart
for a phone, where viewflow's drawing (1,750 px wide, 12 px labels) shrinks to 2 px letters."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from .flows import SuggestionFlow

# The way a suggestion goes when nothing goes wrong. Re-handling is listed only once it has
# happened; an end other than closing takes the last place once it is reached.
USUAL_WAY = (
    "draft",
    "review",
    "assignment",
    "handling",
    "reply_check",
    "rating",
    "rehandling",
    "closing",
    "end_closed",
)
ONLY_WHEN_REACHED = {"rehandling"}
ENDS = ("end_closed", "end_withdrawn", "end_not_accepted", "end_merged")


@dataclass(frozen=True)
class Stage:
    name: str
    title: str
    state: str  # "done", "current" or "ahead"


def process_stages(suggestion) -> list[Stage]:
    """In one query: the stages of the suggestion's process; none when it has no process."""
    ct = ContentType.objects.get_for_model(suggestion)
    tasks = (
        Task.objects.filter(
            process__flow_class=SuggestionFlow,
            process__artifact_content_type=ct,
            process__artifact_object_id=suggestion.pk,
        )
        .only("flow_task", "status")
        .order_by("pk")
    )
    states: dict[str, str] = {}
    for task in tasks:
        if task.status == STATUS.CANCELED:
            continue
        # The latest task of a stage decides: a reply checked again after re-handling is current.
        states[task.flow_task.name] = "done" if task.status == STATUS.DONE else "current"
    if not states:
        return []
    ended = next((name for name in ENDS if name in states), None)
    stages = []
    for name in USUAL_WAY:
        if name == "end_closed":
            name = ended or name
        state = states.get(name)
        if state is None:
            if ended or name in ONLY_WHEN_REACHED:
                continue
            state = "ahead"
        title = getattr(SuggestionFlow, name).task_title
        stages.append(Stage(name=name, title=str(title), state=state))
    return stages
