"""The due dates of an assignment or a suggestion, computed from the session's deadline rules."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions.workdays import DueDate, add_period


def reply_due(session, start: dt.date, *, rehandling: bool = False) -> DueDate:
    key = "rehandling_reply" if rehandling else "reply"
    return add_period(start, session.deadline(key), _("Assigned on"))


def reassignment_due(session, start: dt.date) -> DueDate:
    return add_period(start, session.deadline("reassignment_request"), _("Assigned on"))


def opinion_due(session, start: dt.date) -> DueDate:
    return add_period(start, session.deadline("co_unit_opinion"), _("Assigned on"))


def rating_due(session, start: dt.date) -> DueDate:
    return add_period(start, session.deadline("rating"), _("Replied on"))


def extension_cap(session, original_due: dt.date) -> dt.date:
    return add_period(original_due, session.deadline("extension_cap")).date


def assignment_due_dates(assignment) -> dict[str, DueDate | None]:
    """Every due date that applies to an assignment, with how it was computed."""
    session = assignment.suggestion.session
    start = timezone.localtime(assignment.assigned_at).date() if assignment.assigned_at else None
    if start is None:
        return {}
    if (
        assignment.due_date
        and assignment.original_due_date
        and (assignment.due_date != assignment.original_due_date)
    ):
        reply = DueDate(
            assignment.due_date,
            _("Originally due %(orig)s; changed to %(new)s (extension or re-handling)")
            % {"orig": assignment.original_due_date, "new": assignment.due_date},
        )
    else:
        reply = reply_due(session, start)
    result = {"due_date": reply, "reassignment_due": reassignment_due(session, start)}
    result["opinion_due"] = opinion_due(session, start) if assignment.role == "co" else None
    return result
