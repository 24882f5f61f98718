"""/api/v1/notifications/: a person's own notifications, marked read one by one or all."""

from __future__ import annotations

from tests import steps
from tests.api.client import ok


def test_deputy_reads_and_marks_own_notifications(world, api):
    s = steps.accepted(world)
    zhang = api(world.zhang)
    listed = ok(zhang.get("notifications/", unread="true"))
    verbs = [n["verb"] for n in listed["results"]]
    assert verbs == ["accepted", "cosign_confirmed"]
    first = listed["results"][0]
    assert first["suggestion"] == s.pk and s.title in first["text"]
    assert ok(zhang.post(f"notifications/{first['id']}/read/"))["unread"] is False
    assert ok(zhang.get("notifications/", unread="true"))["count"] == 1
    assert ok(zhang.post("notifications/read_all/"))["marked"] == 1
    assert ok(zhang.get("notifications/", unread="true"))["count"] == 0


def test_nobody_marks_someone_elses_notification(world, api):
    steps.accepted(world)
    theirs = ok(api(world.zhang).get("notifications/"))["results"][0]["id"]
    assert api(world.wang).post(f"notifications/{theirs}/read/").status_code == 404
