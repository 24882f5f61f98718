"""The deputy's workspace: my suggestions, drafting with co-signers, invitations, rating."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suggestions import page_cache, selectors, services
from suggestions import permissions as perms
from suggestions.forms import OptionalReasonForm, RatingForm, SuggestionForm
from suggestions.models import Deputy, Session, Status
from suggestions.views.common import (
    PAGE_SIZE,
    done,
    get_visible_suggestion,
    paginate,
    require,
    run,
    workspace_view,
)


def _deputy_rows(suggestions: list) -> list[str]:
    """The rows not cached yet, with their units read in one query."""
    prefetch_related_objects(suggestions, selectors.units_prefetch())
    return [render_to_string("suggestions/deputy/_row.html", {"s": s}) for s in suggestions]


@workspace_view
def my_suggestions(request):
    require(perms.can_view_deputy_home(request.user))
    status = request.GET.get("status", "")
    page = selectors.deputy_page(request, status=status, size=PAGE_SIZE)
    rows = page_cache.rows("deputy-row", list(page), request.user, _deputy_rows)
    invitations = list(selectors.invitation_box(request.user))
    return render(
        request,
        "suggestions/deputy/home.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": Status.choices,
            "invitations": invitations,
        },
    )


@workspace_view
def invitations(request):
    require(perms.can_view_cosign_invitations(request.user))
    page = paginate(request, selectors.cosign_invitations(request.user))
    return render(request, "suggestions/deputy/invitations.html", {"page": page})


def _chosen_cosigners(form) -> list[Deputy]:
    """The co-signers to show again on a re-rendered form (what the user picked)."""
    ids = form.data.getlist("co_signers") if form.is_bound else form.initial.get("co_signers", [])
    ids = [int(i) for i in ids if str(i).isdigit() and len(str(i)) < 19]
    return list(Deputy.objects.filter(pk__in=ids).order_by("pinyin"))


def _form_page(request, form, suggestion=None):
    return render(
        request,
        "suggestions/deputy/form.html",
        {
            "form": form,
            "suggestion": suggestion,
            "chosen": _chosen_cosigners(form),
        },
    )


@workspace_view
def suggestion_new(request):
    """A deputy drafts their own; staff register one received on paper for a deputy."""
    require(perms.can_create_suggestion(request.user))
    on_paper = perms.deputy_id(request.user) is None
    form = SuggestionForm(request.POST or None, lead_choice=on_paper)
    if request.method == "POST" and form.is_valid():
        session = Session.objects.filter(is_current=True).first()
        if session is None:
            form.add_error(None, _("There is no current session to submit to."))
        else:
            data = form.cleaned_data
            suggestion = run(
                services.suggestion_create,
                form=form,
                user=request.user,
                session=session,
                title=data["title"],
                content=data["content"],
                category=data["category"],
                co_signers=[d.pk for d in data["co_signers"]],
                publication_consent=data["publication_consent"],
                in_session=data["in_session"],
                lead_deputy=data.get("lead_deputy"),
            )
            if suggestion is not None:
                done(request, _("Draft saved."))
                return redirect("suggestion_detail", pk=suggestion.pk)
    return _form_page(request, form)


@workspace_view
def suggestion_edit(request, pk: int):
    suggestion = get_visible_suggestion(request.user, pk)
    require(perms.can_edit_draft(request.user, suggestion))
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = run(
                services.suggestion_update_draft,
                form=form,
                user=request.user,
                suggestion=suggestion,
                title=data["title"],
                content=data["content"],
                category=data["category"],
                co_signers=[d.pk for d in data["co_signers"]],
                publication_consent=data["publication_consent"],
                in_session=data["in_session"],
            )
            if saved is not None:
                done(request, _("Draft saved."))
                return redirect("suggestion_detail", pk=suggestion.pk)
    else:
        form = SuggestionForm(initial=SuggestionForm.initial_for(suggestion))
    return _form_page(request, form, suggestion)


@require_POST
@workspace_view
def suggestion_submit(request, pk: int):
    suggestion = run(services.suggestion_submit, user=request.user, suggestion=pk)
    done(request, _("Submitted as %(number)s.") % {"number": suggestion.display_number})
    return redirect("suggestion_detail", pk=pk)


@workspace_view
def suggestion_withdraw(request, pk: int):
    suggestion = get_visible_suggestion(request.user, pk)
    require(perms.can_withdraw(request.user, suggestion))
    form = OptionalReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = run(
            services.suggestion_withdraw,
            form=form,
            user=request.user,
            suggestion=suggestion,
            reason=form.cleaned_data["reason"],
        )
        if result is not None:
            done(request, _("The suggestion was withdrawn."))
            return redirect("suggestion_detail", pk=pk)
    return render(
        request, "suggestions/deputy/withdraw.html", {"form": form, "suggestion": suggestion}
    )


@require_POST
@workspace_view
def cosign_respond(request, pk: int, answer: str):
    if answer == "confirm":
        run(services.cosign_confirm, user=request.user, suggestion=pk)
        done(request, _("You co-signed the suggestion."))
    elif answer == "decline":
        run(services.cosign_decline, user=request.user, suggestion=pk)
        done(request, _("You declined to co-sign."))
    else:
        return HttpResponseNotAllowed(["POST"])
    return redirect("deputy_invitations")


@workspace_view
def suggestion_rate(request, pk: int):
    suggestion = get_visible_suggestion(request.user, pk)
    require(perms.can_rate(request.user, suggestion))
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rating = run(
            services.suggestion_rate,
            form=form,
            user=request.user,
            suggestion=suggestion,
            process=data["process"],
            result=data["result"],
            met=data["met"],
            comment=data["comment"],
        )
        if rating is not None:
            done(request, _("Thank you, your rating was recorded."))
            return redirect("suggestion_detail", pk=pk)
    return render(
        request,
        "suggestions/deputy/rate.html",
        {
            "form": form,
            "suggestion": suggestion,
            "replies": selectors.approved_replies(suggestion),
        },
    )


@workspace_view
def deputy_search(request):
    """Co-signer search by name, full pinyin or initials; answers JSON for the small script."""
    require(perms.can_create_suggestion(request.user))
    found = selectors.search_deputies(
        request.GET.get("q", ""), exclude_id=perms.deputy_id(request.user)
    )
    return JsonResponse(
        {
            "results": [
                {"id": d.pk, "name": d.name, "group": d.group.name if d.group else ""}
                for d in found
            ]
        }
    )
