"""Ratings as the deputy gave them: meetings only when the deputy confirmed them, disputed
meetings, the rating audit trail and first-round versus latest-round figures."""

from __future__ import annotations

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery

from suggestions.models import (
    AssignmentRole,
    Contact,
    Event,
    Grade,
    Rating,
    Suggestion,
)

RATING_VERBS = ("rated", "cosigner_rated", "rating_changed")


def lead_ratings(session=None) -> QuerySet:
    qs = Rating.objects.filter(deputy_id=F("suggestion__lead_deputy_id"))
    return qs.filter(suggestion__session=session) if session is not None else qs


def latest_lead_ratings(session=None) -> QuerySet:
    """Each suggestion's lead-deputy rating of its latest rated round."""
    last_round = (
        Rating.objects.filter(suggestion=OuterRef("suggestion"), deputy=OuterRef("deputy"))
        .values("suggestion")
        .annotate(m=Max("round"))
        .values("m")
    )
    return lead_ratings(session).filter(round=Subquery(last_round))


def rating_figures(session=None, *, which: str = "latest") -> dict:
    """满意率 etc. for the process and the result, over the first or the latest round; the
    denominator is the suggestions rated (an unrated one never counts as satisfied)."""
    qs = lead_ratings(session).filter(round=1) if which == "first" else latest_lead_ratings(session)
    aggregates = {"rated": Count("id")}
    for aspect in ("process", "result"):
        for grade in Grade.values:
            aggregates[f"{aspect}_{grade}"] = Count("id", filter=Q(**{aspect: grade}))
    figures = qs.aggregate(**aggregates)
    figures["which"] = which
    return figures


def meeting_figures(session=None) -> dict:
    """见面率: suggestions whose lead deputy confirmed a meeting ÷ suggestions replied. A unit's
    own record of a meeting does not count."""
    replied = Suggestion.objects.filter(replied_at__isnull=False)
    if session is not None:
        replied = replied.filter(session=session)
    confirmed = Rating.objects.filter(
        suggestion=OuterRef("pk"), deputy_id=OuterRef("lead_deputy_id"), met=True
    )
    return replied.aggregate(replied=Count("id"), met=Count("id", filter=Q(Exists(confirmed))))


def meeting_disputes(session=None) -> QuerySet:
    """Lead-deputy ratings saying "no meeting" on suggestions where a replying unit recorded a
    face-to-face meeting; newest first, with the number of meetings claimed."""
    claims = Contact.objects.filter(
        assignment__suggestion=OuterRef("suggestion"),
        assignment__role__in=(AssignmentRole.LEAD, AssignmentRole.SPLIT),
        kind=Contact.Kind.MEETING,
    )
    claim_count = claims.order_by().values("assignment__suggestion").annotate(n=Count("id"))
    return (
        lead_ratings(session)
        .filter(met=False)
        .filter(Exists(claims))
        .annotate(claimed=Subquery(claim_count.values("n")))
        .select_related("suggestion", "deputy")
        .order_by("-created_at")
    )


def rating_audit(suggestion=None) -> QuerySet:
    """Every rating given or changed, as the event log recorded it."""
    qs = Event.objects.filter(verb__in=RATING_VERBS).select_related("actor", "suggestion")
    if suggestion is not None:
        qs = qs.filter(suggestion=suggestion)
    return qs.order_by("-created_at", "-id")
