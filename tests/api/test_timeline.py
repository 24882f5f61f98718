"""/api/v1/suggestions/{id}/events/: the timeline, payloads only for those who see details."""

from __future__ import annotations

from tests import steps
from tests.api.client import ok
from tests.api.test_queries import count_queries


def test_staff_see_the_timeline_with_details(world, api):
    s = steps.assigned(world)
    body = ok(api(world.staff).get(f"suggestions/{s.pk}/events/"))
    verbs = [e["verb"] for e in body["results"]]
    assert verbs[0] == "created" and "submitted" in verbs and verbs[-1] == "assigned"
    submitted = next(e for e in body["results"] if e["verb"] == "submitted")
    assert submitted["payload"]["number"] == s.number
    assert submitted["to_status"] == "submitted" and submitted["round"] == 1
    assert submitted["actor"] == world.zhang.display_name


def test_the_deputy_sees_the_timeline_without_internal_details(world, api):
    s = steps.assigned(world)
    body = ok(api(world.zhang).get(f"suggestions/{s.pk}/events/"))
    assert body["count"] >= 4
    assert all(e["payload"] is None for e in body["results"])


def test_an_invisible_suggestion_answers_404(world, api):
    s = steps.submitted(world)
    response = api(world.other_handler).get(f"suggestions/{s.pk}/events/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert api(world.staff).get("suggestions/999999/events/").status_code == 404


def test_anonymous_callers_get_401(world, api):
    s = steps.submitted(world)
    assert api().get(f"suggestions/{s.pk}/events/").status_code == 401


def test_query_count_does_not_grow_with_the_events(world, api):
    s = steps.submitted(world)
    staff = api(world.staff)
    before, first = count_queries(lambda: staff.get(f"suggestions/{s.pk}/events/"))
    steps.assigned(world)  # another suggestion: its events must not show here
    s2 = steps.handled(world)
    after, second = count_queries(lambda: staff.get(f"suggestions/{s2.pk}/events/"))
    assert second["count"] > first["count"] + 3
    assert after == before
