"""List pages paginate and their query count does not grow with the number of rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from suggestions import page_cache, services
from tests import steps
from tests.web.helpers import client_for, url

pytestmark = pytest.mark.django_db


def _add_rows(world, n: int) -> None:
    """n suggestions in each state the list pages show."""
    for i in range(n):
        s = steps.assigned(world, title=f"关于第{i}条道路的建议")
        services.suggestion_set_key_supervision(user=world.staff, suggestion=s, leader=world.leader)
        lead = steps.assignment_of(s, world.traffic)
        services.assignment_request_extension(
            user=world.traffic_handler,
            assignment=lead,
            reason="需要协调",
            due_date=lead.due_date + dt.timedelta(days=10),
        )
        steps.submitted(world, title=f"待审查建议{i}", cosign=False)
        services.suggestion_create(
            user=world.wang,
            session=world.session,
            title=f"邀请联名{i}",
            content="内容",
            co_signers=[world.zhang.deputy_id],
        )


def _pages(world):
    return [
        (world.zhang, url("deputy_home")),
        (world.zhang, url("deputy_invitations")),
        (world.zhang, url("notifications")),
        (world.traffic_handler, url("unit_inbox")),
        (world.traffic_handler, url("unit_inbox") + "?status=all&sort=-due"),
        (world.traffic_handler, url("notifications")),
        (world.staff, url("staff_dashboard")),
        (world.staff, url("staff_queue", "review")),
        (world.staff, url("staff_requests")),
        (world.staff, url("staff_all")),
        (world.leader, url("leader_home")),
    ]


def _counts(world) -> dict[str, int]:
    counts = {}
    for user, path in _pages(world):
        client = client_for(user)
        assert client.get(path).status_code == 200  # warm caches (calendar, content types)
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200
        counts[f"{user.username} {path}"] = len(ctx.captured_queries)
    return counts


def test_list_pages_keep_a_constant_query_count(world):
    _add_rows(world, 5)
    few = _counts(world)
    _add_rows(world, 25)
    many = _counts(world)
    assert many == few
    assert max(few.values()) <= 20


def test_suggestion_page_query_count_does_not_grow_with_the_timeline(world):
    s = steps.replied(world)
    client = client_for(world.staff)
    client.get(url("suggestion_detail", s.pk))
    page_cache.forget_all()
    with CaptureQueriesContext(connection) as before:
        client.get(url("suggestion_detail", s.pk))
    for i in range(10):
        services.assignment_record_contact(
            user=world.traffic_handler,
            assignment=steps.assignment_of(s, world.traffic),
            kind="phone",
            date=steps.timezone.localdate(),
            note=f"第{i}次电话",
        )
    page_cache.forget_all()
    with CaptureQueriesContext(connection) as after:
        response = client.get(url("suggestion_detail", s.pk))
    assert response.content.decode().count('data-testid="event"') >= 18
    assert len(after.captured_queries) == len(before.captured_queries)
    with CaptureQueriesContext(connection) as again:
        repeated = client.get(url("suggestion_detail", s.pk))
    # Read again unchanged, its sections come from the page cache (and the unread count from
    # its own): the session, the account and the suggestion with its version.
    assert len(again.captured_queries) == 3
    assert repeated.content.decode().count('data-testid="event"') >= 18


def test_assignment_screen_counts_unit_loads_in_one_query(world):
    from suggestions.models import Unit

    s = steps.accepted(world)
    client = client_for(world.staff)

    def count() -> int:
        client.get(url("staff_assign", s.pk))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("staff_assign", s.pk)).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    Unit.objects.bulk_create(Unit(code=f"U{i}", name=f"区第{i}局") for i in range(20))
    assert count() == few


def test_invitation_box_shows_each_draft_and_its_lead_in_one_query(world):
    _add_rows(world, 2)
    client = client_for(world.zhang)
    client.get(url("deputy_home"))
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url("deputy_home")).content.decode()
    box = page.split('data-testid="invitations-box"', 1)[1].split("</section>", 1)[0]
    assert "邀请联名0" in box and "邀请联名1" in box
    assert world.wang.deputy.name in box
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len([q for q in sql if q.startswith('SELECT "suggestions_cosigner"')]) == 1
    # Nothing is loaded per invitation (a deferred column read back row by row, say).
    assert not [q for q in sql if 'WHERE "suggestions_suggestion"."id" = ' in q]


def test_rating_entered_by_staff_filter_keeps_a_constant_query_count(world):
    """The staff list filtered to suggestions with a rating staff entered from a paper form, on
    the page and through the API, costs the same number of queries for 2 or 6 such rows."""
    from office.services import rating_enter_from_paper
    from suggestions.models import Deputy
    from tests.api.client import Api
    from tests.office.conftest import paper_suggestion

    zhao = Deputy.objects.create(name="赵六", group=world.street)
    page_url = url("staff_all") + "?entered_by_staff=1"
    client, api = client_for(world.staff), Api(world.staff)

    def add(n: int) -> None:
        for _ in range(n):
            s = paper_suggestion(world, lead=zhao)
            rating_enter_from_paper(
                user=world.staff,
                suggestion=s,
                deputy=zhao,
                process="satisfied",
                result="satisfied",
                met=True,
            )
            steps.rated(world, title="张伟在线评价的建议")  # never matches the filter

    def count() -> tuple[int, int, int]:
        assert client.get(page_url).status_code == 200  # warm caches
        reset_queries()
        with CaptureQueriesContext(connection) as on_page:
            response = client.get(page_url)
        with CaptureQueriesContext(connection) as on_api:
            body = api.get("suggestions/", entered_by_staff="true").json()
        rows = response.content.decode().count('data-testid="suggestion-item"')
        assert rows == body["count"]
        return len(on_page.captured_queries), len(on_api.captured_queries), rows

    add(2)
    few_page, few_api, few_rows = count()
    add(4)
    many_page, many_api, many_rows = count()
    assert (few_rows, many_rows) == (2, 6)
    assert (many_page, many_api) == (few_page, few_api)
