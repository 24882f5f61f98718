"""Template blocks other pages embed: the dashboard's survey-versus-ratings block."""

from django import template

from followup.models import Survey
from followup.selectors.survey import survey_rating_disagreement

register = template.Library()


@register.inclusion_tag("followup/_disagreement.html")
def survey_disagreement(session):
    """`{% load followup %}{% survey_disagreement session %}` on a staff dashboard."""
    survey = (
        Survey.objects.filter(session=session).exclude(status=Survey.State.DRAFT).first()
        if session
        else None
    )
    return {
        "survey": survey,
        "disagreement": survey_rating_disagreement(survey) if survey else [],
    }
