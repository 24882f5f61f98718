"""Award pages: the staff workspace for a session's selection and the public results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from disclosure import awards
from disclosure.views import chosen_session
from suggestions import permissions as perms
from suggestions.errors import ServiceError
from suggestions.models import Suggestion


def _do(request, selection, session) -> None:
    action, post = request.POST.get("action"), request.POST
    if action == "open":
        count = post.get("excellent_count", "10")
        awards.award_open(
            user=request.user,
            session=session,
            min_satisfaction=post.get("min_satisfaction", "0.8"),
            unit_share=post.get("unit_share", "0.25"),
            excellent_count=int(count) if count.isdigit() else -1,
        )
    elif action == "nominate" and selection:
        number = post.get("number", "")
        target = Suggestion.objects.filter(
            session=session, number=int(number) if number.isdigit() else -1
        ).first()
        awards.award_nominate(
            user=request.user,
            selection=selection,
            suggestion=target.pk if target else None,
            reason=post.get("reason", ""),
        )
    elif action == "score" and selection:
        awards.award_score(
            user=request.user, nomination=post.get("nomination"), score=post.get("score")
        )
    elif action == "publish" and selection:
        awards.award_publish(user=request.user, selection=selection)


@login_required
@require_http_methods(["GET", "POST"])
def staff_awards(request):
    if not perms.can_run_awards(request.user):
        raise PermissionDenied
    session = chosen_session(request)
    selection = awards.selection_of(session)
    errors: dict = {}
    if request.method == "POST":
        try:
            _do(request, selection, session)
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?session={session.pk}")
        except ServiceError as exc:
            errors = exc.fields or {"__all__": [str(exc.message)]}
    return render(
        request,
        "disclosure/awards_staff.html",
        {"session": session, "errors": errors, **awards.workspace(session)},
    )


def public_awards(request):
    session = chosen_session(request)
    return render(
        request,
        "disclosure/awards_public.html",
        {"session": session, "results": awards.results_of(awards.selection_of(session))},
    )
