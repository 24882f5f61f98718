"""The independent satisfaction survey: staff create, open and close it; each deputy answers once,
one answer per unit that handled their suggestions in the session. The survey has no suggestion,
so its history is its own timestamps, not `suggestions.Event` rows (which would also reveal who
answered what to the units involved)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.models import Survey, SurveyAnswer, SurveyResponse
from followup.selectors.survey import units_to_survey
from followup.services.common import optional_text, required_text
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import Grade, Session
from suggestions.services.base import apply, check_transition


def _lock(user, survey) -> Survey:
    survey = Survey.objects.select_for_update().filter(pk=getattr(survey, "pk", survey)).first()
    if survey is None or not getattr(user, "is_authenticated", False):
        raise NotVisible()
    return survey


@transaction.atomic
def survey_create(*, user, session, title: str) -> Survey:
    if not perms.can_manage_survey(user):
        raise NotPermitted()
    errors: dict = {}
    title = required_text(title, "title", errors, limit=200, message=_("Please give a title."))
    session = Session.objects.filter(pk=getattr(session, "pk", session)).first()
    if session is None:
        errors["session"] = [_("Choose a session.")]
    if errors:
        raise InvalidInput(fields=errors)
    return Survey.objects.create(session=session, title=title, created_by=user)


@transaction.atomic
def survey_open(*, user, survey) -> Survey:
    survey = _lock(user, survey)
    check_transition(survey, "open", user)
    survey.opened_at = timezone.now()
    apply(survey, "open")
    return survey


@transaction.atomic
def survey_close(*, user, survey) -> Survey:
    survey = _lock(user, survey)
    check_transition(survey, "close", user)
    survey.closed_at = timezone.now()
    apply(survey, "close")
    return survey


@transaction.atomic
def survey_answer(*, user, survey, answers: dict) -> SurveyResponse:
    """A deputy answers for every unit that handled their suggestions: `answers` maps a unit id
    to {"satisfaction": grade, "met": bool, "comment": str}. Only a deputy answers, once."""
    survey = _lock(user, survey)
    if survey.status != Survey.State.OPEN:
        raise InvalidState(status=survey.status)
    if not perms.can_answer_survey(user, survey):
        raise NotPermitted(status=survey.status)
    expected = {u.pk for u in units_to_survey(survey, user.deputy_id)}
    given = {int(k): v for k, v in (answers or {}).items() if str(k).isdigit()}
    errors: dict = {}
    if not expected:
        errors["answers"] = [_("None of your suggestions in this session has been replied to.")]
    if SurveyResponse.objects.filter(survey=survey, deputy_id=user.deputy_id).exists():
        errors["answers"] = [_("You have already answered this survey.")]
    rows = []
    for unit_id in sorted(expected):
        entry = given.get(unit_id) if isinstance(given.get(unit_id), dict) else {}
        grade = entry.get("satisfaction")
        if grade not in Grade.values:
            errors[f"{unit_id}.satisfaction"] = [_("Choose your satisfaction with this unit.")]
        met = entry.get("met")
        if not isinstance(met, bool):
            errors[f"{unit_id}.met"] = [_("Say whether the unit met you face to face.")]
        comment = optional_text(entry.get("comment"), f"{unit_id}.comment", errors, limit=2000)
        rows.append((unit_id, grade, met, comment))
    if set(given) - expected:
        errors["answers"] = [_("Answer only about the units that handled your suggestions.")]
    if errors:
        raise InvalidInput(fields=errors)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, deputy_id=user.deputy_id)
    except IntegrityError as exc:
        raise InvalidInput(
            fields={"answers": [_("You have already answered this survey.")]}
        ) from exc
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, unit_id=u, satisfaction=g, met=m, comment=c)
        for u, g, m, c in rows
    )
    return response
