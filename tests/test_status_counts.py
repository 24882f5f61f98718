"""Counts that grow with history come from `status_counts`' cache: they must follow every change
as soon as it commits, and the lists paginated with them must show the true size."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from notifications.signals import notify

from suggestions import selectors, services
from suggestions.models import Suggestion
from tests import steps
from tests.api.client import Api, ok


def _count(user, status: str) -> int:
    return next(n for _label, value, n in selectors.dashboard(user)["by_status"] if value == status)


def test_dashboard_follows_a_closing_as_soon_as_it_commits(
    world, django_capture_on_commit_callbacks
):
    cache.clear()
    steps.closed(world, title="早已办结")
    rated = steps.rated(world, title="待办结")
    assert (_count(world.staff, "closed"), _count(world.staff, "rated")) == (1, 1)
    with CaptureQueriesContext(connection) as again:
        selectors.dashboard(world.staff)
    assert again.captured_queries == []  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_close(user=world.staff, suggestion=rated)
    assert (_count(world.staff, "closed"), _count(world.staff, "rated")) == (2, 0)
    assert selectors.dashboard(world.staff)["total"] == Suggestion.objects.count() == 2


def test_lists_paginated_with_known_counts_show_the_true_size(
    world, client, django_capture_on_commit_callbacks
):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        steps.closed(world, title="一")
        steps.assigned(world, title="二")
        steps.draft(world, title="三")  # the deputy's own: counted for no one of the committee
        steps.paper_draft(world, title="四")  # registered by staff: counted for staff
    staff = (("", 3), ("closed", 1), ("assigned", 1), ("rated", 0), ("draft", 1))
    leader = (("", 2), ("closed", 1), ("draft", 0))
    for user, sizes in ((world.staff, staff), (world.leader, leader)):
        client.force_login(user)
        for status, expected in sizes:
            page = client.get("/staff/suggestions/", {"status": status})
            assert page.context["page"].paginator.count == expected, (user, status)
            assert len(page.context["page"].object_list) == expected, (user, status)
            body = ok(Api(user).get("suggestions/", **({"status": status} if status else {})))
            assert body["count"] == expected == len(body["results"]), (user, status)
    # A text search is counted by the database.
    assert ok(Api(world.staff).get("suggestions/", q="二"))["count"] == 1


def test_unread_badge_stops_at_99_plus(world, client):
    for i in range(101):
        notify.send(world.staff, recipient=world.zhang, verb=f"测试 {i}")
    client.force_login(world.zhang)
    page = client.get("/deputy/").content.decode()
    assert 'data-testid="unread-badge">99+</span>' in page
