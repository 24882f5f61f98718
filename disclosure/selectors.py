"""Reads for the public site: published suggestions with filters, in a fixed number of queries,
and the one function that turns a publication into its public fields (pages, exports, API)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from disclosure.models import Publication
from disclosure.params import clean_text, parse_id
from suggestions.models import (
    Assignment,
    AssignmentStatus,
    Consent,
    CoSigner,
    ResultClass,
    Status,
    Suggestion,
)

FILTERS = ("session", "category", "unit", "status", "class", "q")


def public_publications() -> QuerySet:
    """Published copies the public may see: a deputy who later withdraws consent is honoured at
    once."""
    return Publication.objects.filter(state=Publication.State.PUBLISHED).exclude(
        suggestion__publication_consent=Consent.NONE
    )


def published() -> QuerySet:
    return (
        public_publications()
        .select_related("suggestion__session", "suggestion__category", "suggestion__lead_deputy")
        .prefetch_related(
            Prefetch(
                "suggestion__assignments",
                queryset=Assignment.objects.exclude(status=AssignmentStatus.RELIEVED)
                .select_related("unit")
                .order_by("role", "unit__code"),
                to_attr="public_assignments",
            ),
            Prefetch(
                "suggestion__cosigners",
                queryset=CoSigner.objects.filter(state=CoSigner.State.CONFIRMED)
                .select_related("deputy")
                .order_by("id"),
                to_attr="public_cosigners",
            ),
        )
        .order_by("-approved_at", "-id")
    )


def filter_published(params) -> QuerySet:
    """Apply the public list's filters; unknown or malformed values are ignored, never an error."""
    qs = published()
    if (session := parse_id(params.get("session"))) is not None:
        qs = qs.filter(suggestion__session_id=session)
    if (category := parse_id(params.get("category"))) is not None:
        qs = qs.filter(suggestion__category_id=category)
    if (unit := parse_id(params.get("unit"))) is not None:
        qs = qs.filter(
            Exists(
                Assignment.objects.filter(
                    suggestion=OuterRef("suggestion_id"), unit_id=unit
                ).exclude(status=AssignmentStatus.RELIEVED)
            )
        )
    if params.get("status") in Status.values:
        qs = qs.filter(suggestion__status=params["status"])
    if params.get("class") in ResultClass.values:
        qs = qs.filter(result_class=params["class"])
    if q := clean_text(params.get("q")):
        qs = qs.filter(Q(title__icontains=q) | Q(content__icontains=q))
    return qs


def public_fields(publication: Publication) -> dict:
    """What the public may see of one published suggestion: only redacted copies and names."""
    s = publication.suggestion
    return {
        "id": publication.pk,
        "number": s.display_number,
        "session": s.session.name,
        "category": s.category.name if s.category else "",
        "title": publication.title,
        "content": publication.content,
        "lead_deputy": s.lead_deputy.name,
        "co_signers": [c.deputy.name for c in s.public_cosigners],
        "units": [
            {
                "name": a.unit.name,
                "role": a.role,
                "role_display": str(a.get_role_display()),
                "responsible_person": a.unit.responsible_person,
            }
            for a in s.public_assignments
        ],
        "status": s.status,
        "status_display": str(s.get_status_display()),
        "result_class": publication.result_class,
        "reply": publication.reply_text,
        "published_at": publication.approved_at.isoformat() if publication.approved_at else None,
    }


QUEUE_STATES = ("unprepared", *Publication.State.values)
EXPORT_LIMIT = 5000


def publication_queue(params) -> QuerySet:
    """Staff's queue: replied suggestions the deputy consented to publish, the unpublished first.
    Filters `session` and `state` (unprepared, draft, published, withdrawn); others are ignored."""
    qs = (
        Suggestion.objects.filter(replied_at__isnull=False)
        .exclude(publication_consent=Consent.NONE)
        .select_related("session", "publication")
        .order_by("publication__state", "replied_at", "id")
    )
    if (session := parse_id(params.get("session"))) is not None:
        qs = qs.filter(session_id=session)
    state = params.get("state")
    if state == "unprepared":
        qs = qs.filter(publication__isnull=True)
    elif state in Publication.State.values:
        qs = qs.filter(publication__state=state)
    return qs


def open_data_rows(params) -> list[dict]:
    """The public fields of the published suggestions matching the list's filters (capped)."""
    return [public_fields(p) for p in filter_published(params)[:EXPORT_LIMIT]]
