"""The dashboard's counts per status: the end states come from a cache that a suggestion reaching
one clears after its commit; the open states are always counted live."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suggestions import selectors, services, status_counts
from tests import steps


def _count(status: str) -> int:
    return next(n for _label, value, n in selectors.dashboard()["by_status"] if value == status)


def test_closing_shows_at_once_although_ended_counts_are_cached(
    world, django_capture_on_commit_callbacks
):
    cache.clear()
    steps.closed(world, title="早已办结")
    rated = steps.rated(world, title="待办结")
    assert (_count("closed"), _count("rated")) == (1, 1)
    with CaptureQueriesContext(connection) as again:
        status_counts.by_status()
    assert len(again.captured_queries) == 1  # the open states only: the ended ones are cached
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_close(user=world.staff, suggestion=rated)
    assert (_count("closed"), _count("rated")) == (2, 0)
    assert selectors.dashboard()["total"] == 2
