"""Survey pages: staff create, open and close; a deputy answers about each unit that handled
their suggestions; results are aggregates (units see only their own, over a minimum group);
individual answers are for staff only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from followup import services
from followup.forms import SurveyAnswerForm, SurveyCreateForm
from followup.models import Survey
from followup.selectors.overview import session_or_current
from followup.selectors.survey import survey_answers, survey_results, units_to_survey
from followup.views.common import perform, perform_form
from suggestions import permissions as perms
from suggestions.views.common import require


def _list_page(request, *, form=None, error=None, status: int = 200):
    """The surveys, and for staff the form creating one (`form`: the one posted, refused)."""
    user = request.user
    require(perms.can_list_surveys(user))
    context = {
        "surveys": perms.visible_surveys(user).select_related("session"),
        "form": form
        if form is not None
        else SurveyCreateForm(initial={"session": session_or_current()}),
        "can_manage": perms.can_manage_survey(user),
        "is_deputy": bool(perms.deputy_id(user)),
        "error": error,
    }
    return render(request, "followup/survey_list.html", context, status=status)


@login_required
def survey_list(request):
    if request.method != "POST":
        return _list_page(request)
    return perform_form(
        request,
        SurveyCreateForm(request.POST),
        lambda d: services.survey_create(
            user=request.user, session=d.get("session"), title=d.get("title", "")
        ),
        page=lambda **kw: _list_page(request, **kw),
        success_url=reverse("followup:surveys"),
    )


@login_required
@require_POST
def survey_transition(request, pk: int, action: str):
    service = {"open": services.survey_open, "close": services.survey_close}.get(action)
    if service is None:  # no such page, not a refusal
        raise Http404
    return perform(
        request,
        lambda: service(user=request.user, survey=pk),
        page=lambda **kw: _list_page(request, **kw),
        success_url=reverse("followup:surveys"),
    )


def _answerable_survey(request, pk: int) -> Survey:
    survey = get_object_or_404(Survey.objects.exclude(status=Survey.State.DRAFT), pk=pk)
    require(perms.can_answer_survey(request.user, survey))
    return survey


def _answer_form(request, survey: Survey, data=None) -> SurveyAnswerForm:
    return SurveyAnswerForm(data, units=units_to_survey(survey, request.user.deputy_id))


def _answer_page(request, survey: Survey, *, form=None, error=None, status: int = 200):
    context = {
        "survey": survey,
        "form": form if form is not None else _answer_form(request, survey),
        "answered": survey.responses.filter(deputy_id=request.user.deputy_id).exists(),
        "error": error,
    }
    return render(request, "followup/survey_answer.html", context, status=status)


@login_required
def survey_answer(request, pk: int):
    """A deputy's form: one block of questions per unit that handled their suggestions."""
    survey = _answerable_survey(request, pk)
    if request.method != "POST":
        return _answer_page(request, survey)
    form = _answer_form(request, survey, request.POST)
    return perform_form(
        request,
        form,
        lambda answers: services.survey_answer(user=request.user, survey=pk, answers=answers),
        page=lambda **kw: _answer_page(request, survey, **kw),
        success_url=reverse("followup:survey_answer", args=[pk]),
        values=form.answers,
    )


@login_required
@require_GET
def survey_results_page(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    require(perms.can_view_survey_results(request.user, survey))
    context = {
        "survey": survey,
        "rows": survey_results(request.user, survey),
        "responses": survey.responses.count(),
    }
    return render(request, "followup/survey_results.html", context)


@login_required
@require_GET
def survey_answers_page(request, pk: int):
    """Individual answers: committee staff only; units never see them."""
    survey = get_object_or_404(Survey, pk=pk)
    require(perms.can_read_survey_answers(request.user, survey))
    answers = survey_answers(survey)
    return render(request, "followup/survey_answers.html", {"survey": survey, "answers": answers})
