"""/api/v1/promises/: follow-through over the API — progress, the three confirmations, ending
not fulfilled and the implementation rating — with the web's permissions and error order."""

from __future__ import annotations

from followup.models import PromiseUpdate
from tests.api.client import ok
from tests.followup.helpers import closed_b_reply


def _promises(world):
    s, reply = closed_b_reply(world)
    return s, list(reply.promises.order_by("due_date").values_list("pk", flat=True))


def _code(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.json())
    return response.json()["code"]


def test_each_role_lists_the_promises_it_may_see(world, api):
    s, (p1, p2) = _promises(world)
    for user in (world.zhang, world.traffic_handler, world.staff):
        body = ok(api(user).get("promises/"))
        assert [p["id"] for p in body["results"]] == [p1, p2]
    first = ok(api(world.staff).get(f"promises/{p1}/"))
    assert first["suggestion"] == s.pk and first["state"] == "open"
    assert first["confirmed_by"] == []
    assert ok(api(world.edu_handler).get("promises/"))["count"] == 0
    assert ok(api(world.staff).get("promises/", state="fulfilled"))["count"] == 0
    assert api(world.edu_handler).get(f"promises/{p1}/").status_code == 404


def test_the_unit_reports_progress(world, api):
    _, (p1, _p2) = _promises(world)
    ok(api(world.traffic_handler).act("promises", p1, "progress", {"text": "已完成设备采购"}))
    assert PromiseUpdate.objects.get(promise_id=p1).text == "已完成设备采购"
    response = api(world.traffic_handler).act("promises", p1, "progress", {"text": " "})
    assert _code(response, 400) == "invalid" and "text" in response.json()["fields"]
    # A unit involved in the suggestion but not this promise's unit: 403; an outsider: 404,
    # even with a malformed body.
    assert _code(api(world.edu_handler).act("promises", p1, "progress", {"text": "x"}), 403)
    assert _code(api(world.other_handler).act("promises", p1, "progress", {"text": []}), 404)
    assert _code(api(world.edu_handler).act("promises", p1, "progress", {"text": []}), 403)
    assert PromiseUpdate.objects.count() == 1


def test_three_confirmations_fulfil_the_promise(world, api):
    _, (p1, _p2) = _promises(world)
    assert _code(api(world.leader).act("promises", p1, "confirm"), 403)
    body = ok(api(world.zhang).act("promises", p1, "confirm", {"note": "现场已看到"}))
    assert body["confirmed_by"] == ["deputy"] and body["state"] == "open"
    again = api(world.zhang).act("promises", p1, "confirm")
    assert _code(again, 400) == "invalid" and "party" in again.json()["fields"]
    ok(api(world.traffic_handler).act("promises", p1, "confirm"))
    body = ok(api(world.staff).act("promises", p1, "confirm"))
    assert body["state"] == "fulfilled"
    assert sorted(body["confirmed_by"]) == ["deputy", "staff", "unit"]
    response = api(world.staff).act("promises", p1, "confirm", {"note": ["bad"]})
    assert _code(response, 409) and response.json()["status"] == "fulfilled"


def test_ending_not_fulfilled_then_the_implementation_rating(world, api):
    s, (p1, p2) = _promises(world)
    rate = f"suggestions/{s.pk}/implementation_rating/"
    assert _code(api(world.zhang).post(rate, {"grade": "satisfied"}), 409)
    body = {"explanation": "资金未到位"}
    assert _code(api(world.zhang).act("promises", p1, "not_fulfilled", body), 403)
    response = api(world.traffic_handler).act("promises", p1, "not_fulfilled", {"explanation": ""})
    assert "explanation" in response.json()["fields"] and _code(response, 400)
    assert (
        ok(api(world.traffic_handler).act("promises", p1, "not_fulfilled", body))["state"]
        == "not_fulfilled"
    )
    assert _code(api(world.staff).act("promises", p1, "not_fulfilled", body), 409)
    ok(api(world.staff).act("promises", p2, "not_fulfilled", body))

    assert _code(api(world.wang).post(rate, {"grade": "satisfied"}), 404)
    assert _code(api(world.staff).post(rate, {"grade": "satisfied"}), 403)
    assert "grade" in api(world.zhang).post(rate, {"grade": "great"}).json()["fields"]
    rating = ok(api(world.zhang).post(rate, {"grade": "basically_satisfied"}), 201)
    assert rating["grade"] == "basically_satisfied" and rating["suggestion"] == s.pk
    assert _code(api(world.zhang).post(rate, {"grade": "satisfied"}), 400)
