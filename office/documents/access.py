"""Who may print which document, shared by the document pages and the API: each function
returns the object or raises Http404 (not visible) / PermissionDenied (visible, not permitted)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from suggestions import permissions as perms
from suggestions.models import Assignment, Deputy, Reply, Suggestion

MAX_ID = 2**31 - 1


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


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
    suggestion = visible_suggestion(user, reply.assignment.suggestion_id)
    # Deputies get the letter once it is formal; staff and the units see drafts too.
    _require(reply.approved_at is not None or perms.can_print_documents(user, suggestion))
    return reply


def suggestion_for_documents(user, pk) -> Suggestion:
    """Feedback forms and the documents page: staff, leaders and the units involved."""
    suggestion = visible_suggestion(user, pk)
    _require(perms.can_print_documents(user, suggestion))
    return suggestion


def assignment_for_notice(user, pk) -> Assignment:
    assignment = (
        Assignment.objects.select_related("unit", "suggestion__lead_deputy").filter(pk=pk).first()
    )
    if assignment is None or not perms.can_view_assignment(user, assignment):
        raise Http404
    _require(perms.is_staff(user) or perms.unit_id(user) == assignment.unit_id)
    return assignment


def deputy_name(wanted) -> str | None:
    """The name to print on a feedback form for `?deputy=<id>`; None for anything else."""
    wanted = str(wanted or "")
    if not wanted.isdigit() or int(wanted) > MAX_ID:
        return None
    deputy = Deputy.objects.filter(pk=int(wanted)).first()
    return deputy.name if deputy else None
