"""Promise pages: the role-scoped list, one promise with its progress, evidence and
confirmations, and the actions on it; the evidence download; the implementation rating."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from followup import services
from followup.files import evidence_response
from followup.forms import (
    ConfirmForm,
    ImplementationRatingForm,
    NotFulfilledForm,
    ProgressForm,
    UpgradeClassForm,
)
from followup.models import PromiseUpdate
from followup.selectors.promises import (
    suggestion_promises,
    visible_tracked_promises,
)
from followup.views.common import perform_form
from suggestions import permissions as perms
from suggestions.models import Promise, ResultClass


def _promise_or_404(user, pk: int) -> Promise:
    qs = visible_tracked_promises(user)
    return get_object_or_404(
        qs.select_related("unit", "reply__assignment__suggestion", "outcome").prefetch_related(
            Prefetch(
                "updates",
                queryset=PromiseUpdate.objects.select_related("created_by").prefetch_related(
                    "evidence"
                ),
            ),
            "confirmations__user",
        ),
        pk=pk,
    )


@login_required
@require_GET
def promise_list(request):
    state = request.GET.get("state", Promise.State.OPEN)
    qs = visible_tracked_promises(request.user)
    if state in Promise.State.values:
        qs = qs.filter(state=state)
    promises = qs.select_related("unit", "reply__assignment__suggestion").order_by("due_date")[:200]
    return render(
        request,
        "followup/promise_list.html",
        {"promises": promises, "state": state, "states": Promise.State.choices},
    )


def _promise_forms(promise, *, action: str | None = None, bound=None) -> dict:
    """The page's forms; the one posted (`bound`, for `action`) keeps what the user typed."""
    better = _better_classes(promise)
    forms = {
        "progress": ProgressForm(),
        "confirm": ConfirmForm(),
        "not_fulfilled": NotFulfilledForm(),
        "upgrade": UpgradeClassForm(better_classes=better),
        "better_classes": better,
        # Its errors not about one field (e.g. "already confirmed") show at the top.
        "posted": bound,
    }
    if action:
        forms[action] = bound
    return forms


def _better_classes(promise) -> list:
    return [c for c in ResultClass.choices if c[0] < promise.reply.result_class]


def _promise_page(
    request, pk: int, *, action=None, form=None, error=None, status: int = 200
) -> HttpResponse:
    promise = _promise_or_404(request.user, pk)
    suggestion = promise.reply.assignment.suggestion
    party = perms.promise_party(request.user, promise, suggestion)
    confirmed = {c.party for c in promise.confirmations.all()}
    context = {
        "promise": promise,
        "suggestion": suggestion,
        "reply": promise.reply,
        "party": party,
        "can_confirm": promise.state == "open" and party and party not in confirmed,
        "can_report": promise.state == "open"
        and perms.can_report_promise_progress(request.user, promise),
        "can_end": promise.state == "open"
        and perms.can_end_promise_unfulfilled(request.user, promise),
        "can_upgrade": promise.state == "fulfilled"
        and perms.can_upgrade_class(request.user, promise.reply),
        "forms": _promise_forms(promise, action=action, bound=form),
        "error": error,
    }
    return render(request, "followup/promise_detail.html", context, status=status)


@login_required
@require_GET
def promise_detail(request, pk: int):
    return _promise_page(request, pk)


def _act(request, pk: int, action: str, form, call):
    return perform_form(
        request,
        form,
        call,
        page=lambda **kw: _promise_page(request, pk, action=action, **kw),
        success_url=reverse("followup:promise", args=[pk]),
    )


@login_required
@require_POST
def promise_progress(request, pk: int):
    return _act(
        request,
        pk,
        "progress",
        ProgressForm(request.POST, request.FILES),
        lambda d: services.promise_report_progress(
            user=request.user, promise=pk, text=d.get("text", ""), files=d.get("files", [])
        ),
    )


@login_required
@require_POST
def promise_confirm(request, pk: int):
    return _act(
        request,
        pk,
        "confirm",
        ConfirmForm(request.POST),
        lambda d: services.promise_confirm(user=request.user, promise=pk, note=d.get("note", "")),
    )


@login_required
@require_POST
def promise_not_fulfilled(request, pk: int):
    return _act(
        request,
        pk,
        "not_fulfilled",
        NotFulfilledForm(request.POST),
        lambda d: services.promise_end_unfulfilled(
            user=request.user, promise=pk, explanation=d.get("explanation", "")
        ),
    )


@login_required
@require_POST
def promise_upgrade_class(request, pk: int):
    promise = _promise_or_404(request.user, pk)
    return _act(
        request,
        pk,
        "upgrade",
        UpgradeClassForm(request.POST, better_classes=_better_classes(promise)),
        lambda d: services.reply_upgrade_class(
            user=request.user, reply=promise.reply_id, result_class=d.get("result_class")
        ),
    )


@login_required
@require_GET
def evidence_download(request, pk: int):
    return evidence_response(request.user, pk)


def _implementation_page(request, pk: int, *, form=None, error=None, status: int = 200):
    suggestion = get_object_or_404(perms.visible_suggestions(request.user), pk=pk)
    promises = suggestion_promises(suggestion).select_related("unit", "outcome")
    context = {
        "suggestion": suggestion,
        "promises": promises,
        "ratings": suggestion.implementation_ratings.select_related("deputy"),
        "can_rate": perms.can_rate_implementation(request.user, suggestion),
        # Refused, the posted form comes back with what was chosen and each message by its field.
        "form": form if form is not None else ImplementationRatingForm(),
        "error": error,
    }
    return render(request, "followup/implementation.html", context, status=status)


@login_required
def implementation(request, pk: int):
    """The suggestion's promises and, for the lead deputy, the implementation rating form."""
    if request.method != "POST":
        return _implementation_page(request, pk)
    return perform_form(
        request,
        ImplementationRatingForm(request.POST),
        lambda d: services.implementation_rate(
            user=request.user,
            suggestion=pk,
            grade=d.get("grade"),
            comment=d.get("comment", ""),
        ),
        page=lambda **kw: _implementation_page(request, pk, **kw),
        success_url=reverse("followup:implementation", args=[pk]),
    )
