"""Counts that every staff page shows and that grow with history: suggestions per status and the
staff dashboard's figures, cached until the work they count changes.

Counting them live cost 150 ms (suggestions per status) and 80 ms (all suggestions, for a list's
pages) at 1,000,000 suggestions, on every page view. A save of a suggestion, an assignment or a
unit request moves a generation counter after its commit, so a count is never stale once the
change is visible; a national congress makes a few such changes a minute, and staff pages are
viewed far more often than that.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from suggestions import after_commit
from suggestions.generation import Generation
from suggestions.models import Assignment, Status, Suggestion, UnitRequest

GENERATION = Generation("suggestions:counts:generation")
# A safety net for writes that bypass signals (bulk loads): never older than this.
TIMEOUT = 10 * 60


def cached(name: str, compute: Callable[[], object]):
    """`compute()`, cached under the current generation and today's date (overdue counts change
    at midnight without any save)."""
    key = f"suggestions:counts:{GENERATION.current()}:{timezone.localdate():%Y%m%d}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def by_status(user) -> dict[str, int]:
    """The suggestions `user` oversees (`permissions.visible_suggestions`: the drafts among them
    only those they may see) per status; empty for anyone who does not oversee them all."""
    from suggestions import permissions as perms

    scope = perms.oversight_scope(user)
    if scope is None:
        return {}
    return cached(
        f"by_status:{scope}",
        lambda: dict(
            perms.visible_suggestions(user).values_list("status").annotate(n=Count("id")).order_by()
        ),
    )


def total(user, status: str = "") -> int:
    """All suggestions `user` oversees, or those in `status`."""
    counts = by_status(user)
    return counts.get(status, 0) if status else sum(counts.values())


def known_total(user, *, status: str = "", filtered: bool = False) -> int | None:
    """The size of the list of every suggestion (or of those in `status`) for someone who sees
    them all, without COUNT(*); None when the list is filtered any other way (count it then)."""
    from suggestions import permissions as perms

    if filtered or not perms.sees_everything(user) or (status and status not in Status.values):
        return None
    return total(user, status)


def _changed(**_kwargs) -> None:
    # Now, for reads later in the same transaction; and again after the commit, because another
    # request may have cached the old figure in between.
    GENERATION.bump()
    after_commit.once(_bump_after_commit)


def _bump_after_commit() -> None:
    # A function of its own: `after_commit.once` knows it by identity (a bound method is a new
    # object at every access).
    GENERATION.bump()


for _model in (Suggestion, Assignment, UnitRequest):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"counts-{_model.__name__}-save")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"counts-{_model.__name__}-del")
