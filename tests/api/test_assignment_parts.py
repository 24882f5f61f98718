"""/api/v1/assignments/{id}/: a unit's requests to the committee are its own working record, seen
by the unit, staff and leaders (permissions.can_view_unit_work), not by the deputies."""

from __future__ import annotations

from suggestions import services
from tests import steps
from tests.api.client import ok


def test_a_units_requests_are_shown_to_the_unit_staff_and_leaders_only(world, api):
    s = steps.assigned(world)
    lead = steps.assignment_of(s, world.traffic)
    services.assignment_request_reassignment(
        user=world.traffic_handler, assignment=lead, reason="不属于本局职责"
    )
    for user in (world.traffic_handler, world.staff, world.leader):
        detail = ok(api(user).get(f"assignments/{lead.pk}/"))
        assert [r["reason"] for r in detail["requests"]] == ["不属于本局职责"], user.username
    assert ok(api(world.zhang).get(f"assignments/{lead.pk}/"))["requests"] == []
