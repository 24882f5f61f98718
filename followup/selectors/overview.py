"""The staff satisfaction overview of one session: disputed meetings, the rating audit trail,
first- and latest-round figures, meetings, promises, classes and where the survey disagrees.
The staff page and the API read this one dict."""

from __future__ import annotations

from django.utils import timezone

from disclosure.params import parse_id
from followup.models import Survey
from followup.selectors.promises import class_figures, implementation_figures, promise_figures
from followup.selectors.satisfaction import (
    meeting_disputes,
    meeting_figures,
    rating_audit,
    rating_figures,
)
from followup.selectors.survey import survey_rating_disagreement
from suggestions.models import Session

LIMIT = 100


def session_or_current(pk=None) -> Session | None:
    """The session asked for by id (None if there is no such session), else the current one
    (or the first)."""
    qs = Session.objects.all()
    if pk is not None and str(pk).strip():
        wanted = parse_id(pk if isinstance(pk, int) else str(pk))
        return qs.filter(pk=wanted).first() if wanted else None
    return qs.filter(is_current=True).first() or qs.first()


def satisfaction_overview(session) -> dict:
    survey = Survey.objects.filter(session=session).exclude(status=Survey.State.DRAFT).first()
    return {
        "session": session,
        "disputes": meeting_disputes(session)[:LIMIT],
        "audit": rating_audit().filter(suggestion__session=session)[:LIMIT],
        "first": rating_figures(session, which="first"),
        "latest": rating_figures(session, which="latest"),
        "meetings": meeting_figures(session),
        "promises": promise_figures(session=session, as_of=timezone.localdate()),
        "implementation": implementation_figures(session=session),
        "classes": class_figures(session=session),
        "survey": survey,
        "disagreement": survey_rating_disagreement(survey) if survey else [],
    }
