"""The suggestion page every role shares (facts, units, replies, timeline, next actions) and the
permission-checked attachment download."""

from __future__ import annotations

from django.shortcuts import render
from django.template.loader import render_to_string

from security.uploads import attachment_response
from suggestions import page_cache, selectors
from suggestions import permissions as perms
from suggestions.models import CoSigner, Status
from suggestions.views.common import get_visible_suggestion, workspace_view


def _actions(user, s, mine) -> dict:
    """Which buttons this user gets on this page, from the permission predicates; `mine` are
    the assignments of the user's unit it still holds."""
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


def _sections(user, suggestion) -> str:
    """Everything below the buttons (see `page_cache`): what it shows depends only on the
    suggestion's data, the directory and who reads it, never on the request."""
    return render_to_string(
        "suggestions/_detail_sections.html",
        {
            "s": suggestion,
            "assignments": selectors.suggestion_assignments(suggestion),
            "cosigners": list(suggestion.cosigners.select_related("deputy").order_by("id")),
            "replies": selectors.replies_for(user, suggestion),
            "ratings": list(selectors.visible_ratings(user, suggestion)),
            # Who typed in a paper feedback form is for the rating audit, not for everyone.
            "sees_who_entered": perms.can_view_rating_audit(user),
            "events": list(selectors.timeline(suggestion)),
            "details": perms.can_view_timeline_details(user, suggestion),
            "viewer_deputy": perms.deputy_id(user),
            "supervision": selectors.key_supervision_of(suggestion),
            "cosigner_states": CoSigner.State,
        },
    )


@workspace_view
def suggestion_detail(request, pk: int):
    user = request.user
    suggestion = get_visible_suggestion(
        user,
        pk,
        # The key supervision is read with the sections, only when they are rendered.
        perms.visible_suggestions(user).annotate(version=page_cache.version()),
    )
    sections = page_cache.sections(suggestion, user, lambda: _sections(user, suggestion))
    return render(
        request,
        "suggestions/detail.html",
        {
            "s": suggestion,
            "sections": sections,
            "actions": _actions(user, suggestion, selectors.units_assignments(user, suggestion)),
        },
    )


@workspace_view
def attachment_download(request, pk: int):
    return attachment_response(request.user, pk)
