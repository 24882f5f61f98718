"""Key supervision reads: the leader's own items, the staff list, and the public key list with
its progress (no personal data)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from followup.models import Activity, ActivityParticipant, KeyItem
from followup.models.key_supervision import LISTED_STATUSES
from suggestions import permissions as perms
from suggestions.models import Consent, Suggestion


def _with_progress(qs: QuerySet) -> QuerySet:
    return qs.annotate(
        milestones_total=Count("milestones", distinct=True),
        milestones_done=Count(
            "milestones", filter=Q(milestones__done_at__isnull=False), distinct=True
        ),
        activities_held=Count(
            "activities", filter=Q(activities__status=Activity.State.HELD), distinct=True
        ),
    ).select_related("lead_unit", "leader", "session")


def items_visible_to(user, *, session=None, status=None) -> QuerySet:
    """The items the user may see (see `visible_key_items`), with their progress."""
    qs = perms.visible_key_items(user)
    if session is not None:
        qs = qs.filter(session=session)
    if status is not None:
        qs = qs.filter(status=status)
    return _with_progress(qs).order_by("status", "id")


def items_of_leader(user) -> QuerySet:
    return (
        _with_progress(KeyItem.objects.filter(leader=user))
        .prefetch_related(
            Prefetch(
                "suggestions", queryset=Suggestion.objects.only("id", "title", "number", "status")
            ),
            Prefetch("activities", queryset=Activity.objects.order_by("date")),
            "milestones",
        )
        .order_by("status", "id")
    )


def public_key_list(session=None) -> QuerySet:
    """Listed items with progress; only titles of suggestions whose deputy consented to it."""
    qs = KeyItem.objects.filter(status__in=LISTED_STATUSES)
    if session is not None:
        qs = qs.filter(session=session)
    public = Suggestion.objects.exclude(publication_consent=Consent.NONE).only(
        "id",
        "title",
        "number",
        "status",  # FSM models load their state field on init
    )
    return (
        _with_progress(qs)
        .prefetch_related(
            Prefetch("suggestions", queryset=public, to_attr="public_suggestions"),
            Prefetch(
                "activities",
                queryset=Activity.objects.filter(status=Activity.State.HELD).only(
                    "id", "item_id", "kind", "date", "status"
                ),
                to_attr="held_activities",
            ),
        )
        .order_by("id")
    )


def invitations_of(user) -> QuerySet:
    """The user's supervision invitations (and listings as participant), newest activity first."""
    return (
        ActivityParticipant.objects.filter(user=user)
        .select_related("activity__item")
        .order_by("-activity__date", "-id")
    )


def key_items_with_details() -> QuerySet:
    """Items with their people, suggestions, milestones, activities and participants (the item
    page and the API detail)."""
    return (
        _with_progress(KeyItem.objects.all())
        .select_related("responsible_person")
        .prefetch_related(
            Prefetch("suggestions", queryset=Suggestion.objects.order_by("pk")),
            "milestones",
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related("participants__user"),
            ),
        )
    )
