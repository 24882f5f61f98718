"""Assert that a suggestion's FSM status and its viewflow work queue agree."""

from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from workflows.flows import NODE_FOR_STATUS
from workflows.sync import process_for, waiting_task


def assert_in_step(suggestion) -> None:
    suggestion = type(suggestion).objects.get(pk=suggestion.pk)
    process = process_for(suggestion)
    assert process is not None, f"suggestion {suggestion.pk} has no process"
    open_tasks = Task.objects.filter(process=process, status=STATUS.NEW).exclude(
        flow_task_type="END"
    )
    wanted = NODE_FOR_STATUS[suggestion.status]
    if wanted is None:
        assert open_tasks.count() == 0, f"{suggestion.status}: process still has open tasks"
        assert process.finished is not None, f"{suggestion.status}: process not finished"
    else:
        assert open_tasks.count() == 1, f"{suggestion.status}: {open_tasks.count()} open tasks"
        assert waiting_task(suggestion).flow_task.name == wanted
        assert process.finished is None
