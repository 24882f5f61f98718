"""The notification list pages through the newest `notify.LISTED` notices and counts no further,
on the web and in the API; the page of a reader with more says so."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from notifications.signals import notify as send

from suggestions import notify
from tests import steps
from tests.api.client import Api, ok
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db


def _notices(world, n):
    s = steps.draft(world)
    for i in range(n):
        data = {"title": f"{s.title}{i}", "suggestion": s.pk}
        send.send(world.staff, recipient=[world.wang], verb="accepted", target=s, data=data)


def test_the_list_stops_at_the_newest_listed(world, monkeypatch):
    monkeypatch.setattr(notify, "LISTED", 25)
    _notices(world, 30)
    client = client_for(world.wang)
    first = client.get(reverse("notifications")).content.decode()
    assert 'data-testid="notifications-capped"' in first and "25" in first
    # Page 2 holds notices 21–25; there is no page 3.
    second = client.get(reverse("notifications"), {"page": 2}).content.decode()
    assert second.count('data-testid="notification"') == 5
    assert 'data-testid="next-page"' not in second
    listed = ok(Api(world.wang).get("notifications/"))
    assert listed["count"] == 25
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("notifications"))
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert any("LIMIT 26" in sql for sql in counts), counts


def test_a_reader_with_fewer_sees_them_all_without_the_note(world):
    _notices(world, 3)
    page = client_for(world.wang).get(reverse("notifications")).content.decode()
    assert page.count('data-testid="notification"') == 3
    assert 'data-testid="notifications-capped"' not in page
    assert ok(Api(world.wang).get("notifications/"))["count"] == 3
