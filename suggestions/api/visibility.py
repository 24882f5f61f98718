"""What a caller sees inside a suggestion or an assignment: its replies and ratings.

Whether the caller sees the object at all is `permissions.visible_*`; its internal parts (notes,
a unit's requests) `permissions.can_view_*`.
"""

from __future__ import annotations

from django.db.models import QuerySet

from suggestions import selectors


def visible_replies(user, *, suggestion=None, assignment=None) -> QuerySet:
    """The same replies as the web pages show (`selectors.visible_replies`)."""
    return selectors.visible_replies(user, suggestion=suggestion, assignment=assignment)


def visible_ratings(user, suggestion) -> QuerySet:
    """The same ratings as the web pages show (`selectors.visible_ratings`)."""
    return selectors.visible_ratings(user, suggestion)
