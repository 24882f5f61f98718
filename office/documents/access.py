"""Who may print which document, shared by the document pages and the API: each function
returns the object or raises Http404 (not visible) / PermissionDenied (visible, not permitted)."""

from __future__ import annotations

from django.http import Http404

from suggestions import permissions as perms
from suggestions.models import Assignment, Deputy, Reply, Suggestion
from suggestions.views.common import require

MAX_ID = 2**31 - 1


def visible_suggestion(user, pk) -> Suggestion:
    suggestion = perms.visible_suggestions(user).filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    return suggestion


def reply_for_letter(user, pk) -> Reply:
    reply = (
        Reply.objects.select_related("assignment__unit", "assignment__suggestion__session")
        .filter(pk=pk)
        .first()
    )
    if reply is None:
        raise Http404
    visible_suggestion(user, reply.assignment.suggestion_id)
    require(perms.can_print_reply_letter(user, reply))
    return reply


def suggestion_for_documents(user, pk) -> Suggestion:
    """Feedback forms and the documents page: staff, leaders and the units involved."""
    suggestion = visible_suggestion(user, pk)
    require(perms.can_print_documents(user, suggestion))
    return suggestion


def assignment_for_notice(user, pk) -> Assignment:
    assignment = (
        Assignment.objects.select_related("unit", "suggestion__lead_deputy").filter(pk=pk).first()
    )
    if assignment is None or not perms.can_view_assignment(user, assignment):
        raise Http404
    require(perms.can_print_assignment_notice(user, assignment))
    return assignment


def deputy_name(wanted) -> str | None:
    """The name to print on a feedback form for `?deputy=<id>`; None for anything else."""
    wanted = str(wanted or "")
    if not wanted.isdigit() or int(wanted) > MAX_ID:
        return None
    deputy = Deputy.objects.filter(pk=int(wanted)).first()
    return deputy.name if deputy else None
