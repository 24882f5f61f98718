"""Lists cost the same number of queries whatever their length; a detail stays bounded."""

from __future__ import annotations

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from tests import steps
from tests.api.client import ok


def count_queries(call) -> tuple[int, dict]:
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        body = ok(call())
    return len(ctx.captured_queries), body


def test_list_queries_do_not_grow_with_the_number_of_rows(world, api):
    steps.assigned(world, title="第一件")
    staff, tra = api(world.staff), api(world.traffic_handler)
    lists = [
        (staff, "suggestions/"),
        (staff, "assignments/"),
        (tra, "assignments/"),
        (api(world.zhang), "suggestions/"),
        (api(world.zhang), "notifications/"),
    ]
    before = [count_queries(lambda c=c, p=p: c.get(p))[0] for c, p in lists]
    for n in range(4):
        s = steps.assigned(world, title=f"第{n + 2}件")
        steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head, "B")
    after = []
    for client, path in lists:
        queries, body = count_queries(lambda c=client, p=path: c.get(p))
        assert body["count"] >= 5 or path == "notifications/"
        after.append(queries)
    assert after == before


def test_suggestion_detail_is_bounded(world, api, django_assert_max_num_queries):
    s = steps.replied(world, split=True)
    for user in (world.staff, world.zhang, world.edu_handler):
        with django_assert_max_num_queries(20):
            ok(api(user).get(f"suggestions/{s.pk}/"))
