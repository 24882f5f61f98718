"""The suggestion's process in viewflow: the work queue and the chart of where it is now.

The business truth is `Suggestion.status`. Each human stage is a `Handle` wait node that
`workflows.sync` completes when a service moves the status on; Switch gates branch on the status.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from suggestions.models import Status

# The suggestion `workflows.sync` is moving, already locked and saved in this transaction: the
# gates read its status from here instead of fetching the artifact again at every Switch.
known_suggestion: ContextVar = ContextVar("known_suggestion", default=None)


def _status_is(*statuses):
    def condition(activation):
        process = activation.process
        known = known_suggestion.get()
        if known is not None and str(known.pk) == str(process.artifact_object_id):
            return known.status in statuses
        return process.artifact.status in statuses

    return condition


class ProcessRowLock:
    """A blocking SELECT ... FOR UPDATE on the process row, without a savepoint.

    viewflow's SelectForUpdateLock opens a savepoint per stage to retry a failed NOWAIT lock; we
    never use NOWAIT, and the services have already locked the suggestion row in their own
    transaction, so the savepoint pair is two statements per stage that buy nothing. Outside a
    transaction `atomic(savepoint=False)` still opens one, so the lock is never taken bare.
    """

    @contextmanager
    def __call__(self, flow_class, process_pk):
        with transaction.atomic(savepoint=False):
            manager = flow_class.process_class._default_manager
            manager.filter(pk=process_pk).select_for_update().exists()
            yield


class SuggestionFlow(flow.Flow):
    process_title = _("Deputy's suggestion")
    # Blocking row lock on the process: concurrent changes get one winner and a clean refusal.
    lock_impl = ProcessRowLock()

    start = flow.StartHandle(this.start_process).Next(this.draft)

    draft = flow.Handle().Annotation(title=_("Drafting (deputy)")).Next(this.after_draft)
    after_draft = (
        flow.Switch().Case(this.review, _status_is(Status.SUBMITTED)).Default(this.end_withdrawn)
    )

    review = flow.Handle().Annotation(title=_("Review (staff)")).Next(this.after_review)
    after_review = (
        flow.Switch()
        .Case(this.assignment, _status_is(Status.ACCEPTED))
        .Case(this.end_not_accepted, _status_is(Status.NOT_ACCEPTED))
        .Case(this.end_merged, _status_is(Status.MERGED))
        .Default(this.end_withdrawn)
    )

    assignment = flow.Handle().Annotation(title=_("Assignment (staff)")).Next(this.after_assignment)
    after_assignment = (
        flow.Switch()
        .Case(this.handling, _status_is(Status.ASSIGNED))
        .Case(this.end_merged, _status_is(Status.MERGED))
        .Default(this.end_withdrawn)
    )

    handling = flow.Handle().Annotation(title=_("Handling (units)")).Next(this.reply_check)

    reply_check = flow.Handle().Annotation(title=_("Reply check (staff)")).Next(this.after_check)
    after_check = (
        flow.Switch()
        .Case(this.rating, _status_is(Status.REPLIED))
        .Case(this.rehandling, _status_is(Status.REHANDLING))
        .Default(this.handling)
    )

    rating = flow.Handle().Annotation(title=_("Rating (deputy)")).Next(this.after_rating)
    after_rating = (
        flow.Switch()
        .Case(this.closing, _status_is(Status.RATED))
        .Case(this.rehandling, _status_is(Status.REHANDLING))
        .Default(this.end_closed)
    )

    rehandling = flow.Handle().Annotation(title=_("Re-handling (units)")).Next(this.reply_check)

    closing = flow.Handle().Annotation(title=_("Closing (staff)")).Next(this.end_closed)

    end_closed = flow.End().Annotation(title=_("Closed"))
    end_withdrawn = flow.End().Annotation(title=_("Withdrawn"))
    end_not_accepted = flow.End().Annotation(title=_("Not accepted"))
    end_merged = flow.End().Annotation(title=_("Merged"))

    def start_process(self, activation, suggestion):
        activation.process.artifact = suggestion
        activation.process.data = {}
        return activation.process


# The wait node that must be active for each status; None means the process has ended.
NODE_FOR_STATUS = {
    Status.DRAFT: "draft",
    Status.SUBMITTED: "review",
    Status.ACCEPTED: "assignment",
    Status.ASSIGNED: "handling",
    Status.HANDLING: "handling",
    Status.HANDLED: "reply_check",
    Status.REPLIED: "rating",
    Status.REHANDLING: "rehandling",
    Status.RATED: "closing",
    Status.NOT_ACCEPTED: None,
    Status.MERGED: None,
    Status.WITHDRAWN: None,
    Status.CLOSED: None,
}
