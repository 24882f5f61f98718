"""What a caller sees inside a suggestion or an assignment: replies, ratings, opinions, requests.

Whether the caller sees the object at all is `permissions.visible_*`; this decides the parts.
"""

from __future__ import annotations

from django.db.models import QuerySet

from suggestions import permissions as perms
from suggestions.models import Rating, Reply


def visible_replies(user, *, suggestion=None, assignment=None) -> QuerySet:
    """Staff and leaders see every draft; a unit its own drafts; everyone approved replies."""
    qs = Reply.objects.select_related("assignment__unit").prefetch_related(
        "promises", "attachments"
    )
    qs = (
        qs.filter(assignment=assignment)
        if assignment
        else qs.filter(assignment__suggestion=suggestion)
    )
    if perms.sees_everything(user):
        return qs
    uid = perms.unit_id(user)
    if uid is not None:
        return qs.filter(approved_at__isnull=False) | qs.filter(assignment__unit_id=uid)
    return qs.filter(approved_at__isnull=False)


def visible_ratings(user, suggestion) -> QuerySet:
    """A deputy sees their own ratings; staff, leaders and the units see every rating."""
    qs = Rating.objects.filter(suggestion=suggestion).select_related("deputy")
    did = perms.deputy_id(user)
    if did is not None:
        return qs.filter(deputy_id=did)
    return qs


def sees_requests(user, assignment) -> bool:
    uid = perms.unit_id(user)
    return perms.sees_everything(user) or (uid is not None and uid == assignment.unit_id)
