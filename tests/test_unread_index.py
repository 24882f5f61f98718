"""The unread-notice badge on every page is counted by recipient from an index (the partial one
over unread rows, which PostgreSQL picks at scale).

Without it PostgreSQL walked the notifications app's `unread` index across every recipient and
filtered (1.7 ms per page for a busy staff account at 100,000 suggestions)."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from notifications.models import Notification

from suggestions.context_processors import navigation
from suggestions.models import Role, User

pytestmark = pytest.mark.django_db


def _badge_plan(user) -> str:
    with CaptureQueriesContext(connection) as ctx:
        request = RequestFactory().get("/")
        request.user = user
        navigation(request)
    (badge,) = [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]
    with connection.cursor() as cursor:
        # Tiny test tables make a sequential scan cheapest; ask which index the planner prefers.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {badge}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_badge_counts_from_the_partial_unread_index():
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's; SQLite only needs the index to exist")
    staff = User.objects.create(username="busy", role=Role.STAFF)
    others = [User.objects.create(username=f"u{i}", role=Role.STAFF) for i in range(3)]
    Notification.objects.bulk_create(
        Notification(recipient=u, actor=staff, verb="notice", unread=i % 7 == 0)
        for i, u in enumerate([staff, *others] * 200)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_notification")
    plan = _badge_plan(staff)
    # The badge is a lookup by recipient: from the partial index, or, where the planner prices
    # the two alike (tables this small), the notifications app's (recipient, unread) index —
    # never a walk through every recipient's unread rows filtered down to this one.
    conditions = [line for line in plan.splitlines() if "Index Cond" in line]
    assert any("recipient_id" in line for line in conditions), plan
    assert "Filter: (recipient_id" not in plan, plan
    assert re.search(r"notifications_unread_by_recipient|notificatio_recipie_\w+_idx", plan), plan


def test_partial_index_exists_on_every_database():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "notifications_notification")
    assert "notifications_unread_by_recipient" in indexes
