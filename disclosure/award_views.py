"""Award pages: the staff workspace for a session's selection and the public results."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from disclosure import awards
from disclosure.forms import AwardOpenForm, NominateForm, ScoreForm
from disclosure.params import parse_id
from disclosure.views import chosen_session
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, NotVisible, ServiceError
from suggestions.models import Suggestion
from suggestions.views.common import put_errors, require


def _forms(workspace: dict, *, action: str | None = None, bound=None) -> dict:
    """The page's forms; the one posted (`bound`, for `action`) keeps what staff typed. Each
    nomination has its own score form."""

    def score_form(nomination):
        if action == "score" and bound.data.get("nomination") == str(nomination.pk):
            return bound
        return ScoreForm(
            initial={"nomination": nomination.pk, "score": nomination.score},
            auto_id=f"id_score{nomination.pk}_%s",
        )

    return {
        "open": bound if action == "open" else AwardOpenForm(),
        "nominate": bound if action == "nominate" else NominateForm(),
        "scores": [(n, score_form(n)) for n in workspace["nominations"]],
        # Errors of a posted form that is not on the page (another nomination) show on top.
        "posted": bound,
    }


def _form_and_call(request, action: str, selection, session):
    """The posted form and the service call with its cleaned data; None for no such action."""
    post, user = request.POST, request.user
    if action == "open":
        return AwardOpenForm(post), lambda d: awards.award_open(
            user=user,
            session=session,
            min_satisfaction=d["min_satisfaction"],
            unit_share=d["unit_share"],
            excellent_count=d["excellent_count"],
        )
    if action == "nominate":

        def nominate(d):
            target = Suggestion.objects.filter(session=session, number=d["number"]).first()
            return awards.award_nominate(
                user=user,
                selection=selection,
                suggestion=target.pk if target else None,
                reason=d["reason"],
            )

        return NominateForm(post), nominate
    if action == "score":
        return ScoreForm(post), lambda d: awards.award_score(
            user=user, nomination=d["nomination"], score=d["score"]
        )
    if action == "publish":
        return forms.Form(post), lambda d: awards.award_publish(user=user, selection=selection)
    return None


def _check_before_input(request, action: str, form, selection, session) -> None:
    """What the service would refuse before reading its input (404 → 409 → 403), so that a
    form that does not parse is answered in the API's order."""
    if action == "open":
        awards.check_access(user=request.user, session=session)
    elif action == "score":
        nomination = parse_id(form.data.get("nomination"))
        awards.check_access(user=request.user, nomination=nomination or 0)
    else:
        awards.check_access(user=request.user, selection=selection)


@login_required
@require_http_methods(["GET", "POST"])
def staff_awards(request):
    require(perms.can_run_awards(request.user))
    session = chosen_session(request)
    selection = awards.selection_of(session)
    if request.method != "POST":
        return _page(request, session)
    action = request.POST.get("action", "")
    posted = _form_and_call(request, action, selection, session)
    if posted is None:
        return _page(request, session, error=ServiceError(), status=400)
    form, call = posted
    try:
        if not form.is_valid():
            _check_before_input(request, action, form, selection, session)
            return _page(request, session, action=action, form=form, status=400)
        call(form.cleaned_data)
    except NotVisible as exc:
        raise Http404() from exc
    except InvalidInput as exc:
        rename = getattr(form, "field_for", lambda key: key)
        put_errors(
            form,
            InvalidInput(exc.message, fields={rename(k): m for k, m in exc.fields.items()}),
            {},
        )
        return _page(request, session, action=action, form=form, status=400)
    except ServiceError as exc:
        return _page(request, session, action=action, form=form, error=exc, status=exc.status_code)
    messages.success(request, _("Saved."))
    return redirect(f"{request.path}?session={session.pk}")


def _page(request, session, *, action=None, form=None, error=None, status: int = 200):
    workspace = awards.workspace(session)
    context = {
        "session": session,
        "error": error,
        "forms": _forms(workspace, action=action, bound=form),
        **workspace,
    }
    return render(request, "disclosure/awards_staff.html", context, status=status)


def public_awards(request):
    session = chosen_session(request)
    return render(
        request,
        "disclosure/awards_public.html",
        {"session": session, "results": awards.results_of(awards.selection_of(session))},
    )
