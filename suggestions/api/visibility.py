"""What a caller sees inside a suggestion or an assignment: replies, ratings, opinions, requests.

Whether the caller sees the object at all is `permissions.visible_*`; this decides the parts.
"""

from __future__ import annotations

from django.db.models import QuerySet

from suggestions import permissions as perms
from suggestions import selectors


def visible_replies(user, *, suggestion=None, assignment=None) -> QuerySet:
    """The same replies as the web pages show (`selectors.visible_replies`)."""
    return selectors.visible_replies(user, suggestion=suggestion, assignment=assignment)


def visible_ratings(user, suggestion) -> QuerySet:
    """The same ratings as the web pages show (`selectors.visible_ratings`)."""
    return selectors.visible_ratings(user, suggestion)


def sees_requests(user, assignment) -> bool:
    uid = perms.unit_id(user)
    return perms.sees_everything(user) or (uid is not None and uid == assignment.unit_id)
