"""Page links keep the whole query: every value of a repeated parameter, names and values
URL-encoded; only `page` changes."""

from __future__ import annotations

import html
import re

import pytest
from notifications.models import Notification

from tests.web.helpers import client_for, text, url

pytestmark = pytest.mark.django_db


def _link(page: str, rel: str) -> str:
    found = re.search(rf'<a href="([^"]*)" rel="{rel}"', page)
    assert found, f"no {rel} link"
    return html.unescape(found.group(1))


def test_page_links_keep_repeated_parameters_and_encode_names_and_values(world):
    Notification.objects.bulk_create(
        Notification(actor=world.staff, recipient=world.zhang, verb="assigned", data={})
        for _ in range(21)
    )
    client = client_for(world.zhang)
    # unit twice; a name with a space and Chinese; a value with & = and #.
    query = "unit=1&unit=2&%E5%8D%95+%E4%BD%8D=a%26b%3Dc%23d&page=1"
    first = client.get(f"{url('notifications')}?{query}")
    assert first.status_code == 200
    expected = "?unit=1&unit=2&%E5%8D%95+%E4%BD%8D=a%26b%3Dc%23d&page=2"
    assert _link(text(first), "next") == expected
    second = client.get(url("notifications") + expected)
    assert second.wsgi_request.GET.getlist("unit") == ["1", "2"]
    assert second.wsgi_request.GET["单 位"] == "a&b=c#d"
    assert _link(text(second), "prev") == f"?{query}"
    # Without a query, the link is the page alone.
    assert _link(text(client.get(url("notifications"))), "next") == "?page=2"
