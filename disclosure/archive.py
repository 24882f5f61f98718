"""The deputy archive (代表履职档案): per deputy and session, suggestions led and co-signed with
their outcomes, ratings given and meetings confirmed. Counts come from correlated count
subqueries (one query for any number of deputies).

Supervision activities (视察、督办会、调研) are not recorded by the core yet; the archive shows
the key-supervision items of the deputy's own suggestions instead."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from disclosure.selectors import public_publications
from suggestions.models import (
    ASSIGNED_STATUSES,
    CoSigner,
    Deputy,
    Rating,
    Session,
    Status,
    Suggestion,
)


def _count(qs: QuerySet, field: str) -> Coalesce:
    counted = qs.filter(**{field: OuterRef("pk")}).order_by().values(field)
    counted = counted.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def deputies_with_counts(session: Session | None) -> QuerySet:
    submitted = Suggestion.objects.exclude(status=Status.DRAFT)
    cosigned = CoSigner.objects.filter(state=CoSigner.State.CONFIRMED).exclude(
        suggestion__status=Status.DRAFT
    )
    ratings = Rating.objects.all()
    published = public_publications()
    if session is not None:
        submitted = submitted.filter(session=session)
        cosigned = cosigned.filter(suggestion__session=session)
        ratings = ratings.filter(suggestion__session=session)
        published = published.filter(suggestion__session=session)
    return (
        Deputy.objects.select_related("group")
        .annotate(
            led=_count(submitted, "lead_deputy"),
            led_assigned=_count(submitted.filter(status__in=ASSIGNED_STATUSES), "lead_deputy"),
            led_published=_count(published, "suggestion__lead_deputy"),
            cosigned=_count(cosigned, "deputy"),
            ratings_given=_count(ratings, "deputy"),
            meetings_confirmed=_count(ratings.filter(met=True), "deputy"),
        )
        .order_by("group__name", "pinyin")
    )


def published_of(deputy: Deputy, session: Session | None) -> dict:
    """Published suggestions the deputy led or co-signed (public part)."""
    qs = public_publications().select_related("suggestion__session")
    if session is not None:
        qs = qs.filter(suggestion__session=session)
    return {
        "led": qs.filter(suggestion__lead_deputy=deputy).order_by("suggestion__number"),
        "cosigned": qs.filter(
            suggestion__cosigners__deputy=deputy,
            suggestion__cosigners__state=CoSigner.State.CONFIRMED,
        ).order_by("suggestion__number"),
    }


def internal_of(deputy: Deputy, session: Session | None) -> dict:
    """Everything about the deputy's work (internal part: staff, leaders, the deputy)."""
    led = Suggestion.objects.filter(lead_deputy=deputy).exclude(status=Status.DRAFT)
    cosigned = Suggestion.objects.filter(
        cosigners__deputy=deputy, cosigners__state=CoSigner.State.CONFIRMED
    ).exclude(status=Status.DRAFT)
    ratings = Rating.objects.filter(deputy=deputy).select_related("suggestion")
    if session is not None:
        led, cosigned = led.filter(session=session), cosigned.filter(session=session)
        ratings = ratings.filter(suggestion__session=session)
    return {
        "led": led.select_related("key_supervision__leader").order_by("number"),
        "cosigned": cosigned.select_related("lead_deputy").order_by("number"),
        "ratings": ratings.order_by("suggestion__number", "round"),
    }
