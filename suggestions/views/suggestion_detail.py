"""The suggestion page every role shares (facts, units, replies, timeline, next actions) and the
permission-checked attachment download."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render

from suggestions import permissions as perms
from suggestions import selectors
from suggestions.models import Attachment, CoSigner, Status
from suggestions.views.common import get_visible_suggestion, workspace_view


def _actions(user, s, assignments) -> dict:
    """Which buttons this user gets on this page, from the permission predicates."""
    mine = [a for a in assignments if perms.unit_id(user) == a.unit_id and a.status != "relieved"]
    return {
        "edit": perms.can_edit_draft(user, s),
        "submit": s.status == Status.DRAFT and perms.can_submit(user, s),
        "withdraw": s.status in (Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED)
        and perms.can_withdraw(user, s),
        "cosign": perms.can_respond_cosign(user, s),
        "rate": s.status == Status.REPLIED and perms.can_rate(user, s),
        "review": s.status == Status.SUBMITTED and perms.can_review(user, s),
        "merge": s.status == Status.ACCEPTED and perms.can_review(user, s),
        "assign": s.status == Status.ACCEPTED and perms.can_assign(user, s),
        "check": s.status == Status.HANDLED and perms.can_check_reply(user, s),
        "close": s.status in (Status.RATED, Status.REPLIED) and perms.can_close(user, s),
        "key": s.status not in (Status.DRAFT,) and perms.can_set_key_supervision(user, s),
        "my_assignments": mine,
    }


@workspace_view
def suggestion_detail(request, pk: int):
    user = request.user
    suggestion = get_visible_suggestion(user, pk)
    assignments = selectors.suggestion_assignments(suggestion)
    cosigners = list(suggestion.cosigners.select_related("deputy").order_by("id"))
    supervision = selectors.key_supervision_of(suggestion)
    return render(
        request,
        "suggestions/detail.html",
        {
            "s": suggestion,
            "assignments": assignments,
            "cosigners": cosigners,
            "replies": selectors.replies_for(user, suggestion),
            "ratings": list(selectors.visible_ratings(user, suggestion)),
            "events": list(selectors.timeline(suggestion)),
            "details": perms.can_view_timeline_details(user, suggestion),
            "actions": _actions(user, suggestion, assignments),
            "supervision": supervision,
            "cosigner_states": CoSigner.State,
        },
    )


@workspace_view
def attachment_download(request, pk: int):
    attachment = (
        Attachment.objects.select_related("reply__assignment__suggestion").filter(pk=pk).first()
    )
    if attachment is None or not perms.can_view_reply(request.user, attachment.reply):
        raise Http404()
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404() from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
