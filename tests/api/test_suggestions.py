"""/api/v1/suggestions/ and /api/v1/assignments/: role-scoped lists with filters, drafts edited
through the API, paper suggestions registered by staff, key supervision."""

from __future__ import annotations

from tests import steps
from tests.api.client import ok


def _body(world, **extra) -> dict:
    return {
        "session": world.session.pk,
        "title": "关于老旧小区加装电梯的建议",
        "content": "建议简化审批流程。",
        **extra,
    }


def test_each_role_lists_only_what_it_may_see(world, api):
    assigned = steps.assigned(world, title="已交办")
    draft = steps.draft(world, title="草稿", cosign=False)  # the deputy's own
    paper = steps.paper_draft(world, title="纸质草稿", cosign=False)  # registered by staff
    ids = lambda user, **q: {s["id"] for s in ok(api(user).get("suggestions/", **q))["results"]}  # noqa: E731
    assert ids(world.staff) == {assigned.pk, paper.pk}
    assert ids(world.leader) == {assigned.pk}
    assert ids(world.zhang) == {assigned.pk, draft.pk, paper.pk}
    assert ids(world.li) == {assigned.pk}
    assert ids(world.edu_handler) == {assigned.pk}
    assert ids(world.other_handler) == ids(world.wang) == set()
    assert ids(world.staff, status="draft") == {paper.pk}
    assert ids(world.staff, unit=world.traffic.pk) == {assigned.pk}
    assert ids(world.staff, q="草稿") == {paper.pk}
    assert ids(world.staff, q=str(assigned.number)) == {assigned.pk}
    units = {a["unit"]["id"] for a in ok(api(world.edu_handler).get("assignments/"))["results"]}
    assert units == {world.edu.pk}
    assert ok(api(world.staff).get("assignments/", role="lead"))["count"] == 1


def test_bad_filter_values_are_400_per_field(world, api):
    response = api(world.staff).get("suggestions/", status="lost", session="x")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"status", "session"}
    assert api(world.staff).get("suggestions/", page=99).json()["code"] == "not_found"


def test_lead_deputy_edits_the_draft_until_it_is_submitted(world, api):
    zhang = api(world.zhang)
    pk = ok(zhang.post("suggestions/", _body(world)), 201)["id"]
    edited = ok(zhang.put(f"suggestions/{pk}/", _body(world, title="关于加装电梯的建议")))
    assert edited["title"] == "关于加装电梯的建议" and edited["available_actions"] == [
        "submit",
        "withdraw",
    ]
    assert api(world.wang).put(f"suggestions/{pk}/", _body(world)).status_code == 404
    # Not even staff see a deputy's own draft.
    assert api(world.staff).put(f"suggestions/{pk}/", {"title": ""}).status_code == 404
    ok(zhang.act("suggestions", pk, "submit"))
    late = zhang.put(f"suggestions/{pk}/", {"title": ""})
    assert late.status_code == 409 and late.json()["status"] == "submitted"


def test_cosigner_may_not_edit_the_draft(world, api):
    s = steps.draft(world)
    response = api(world.li).put(f"suggestions/{s.pk}/", {})
    assert response.status_code == 403 and response.json()["status"] == "draft"


def test_units_and_leaders_cannot_draft(world, api):
    for user in (world.edu_handler, world.leader):
        response = api(user).post("suggestions/", _body(world))
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_staff_register_a_paper_suggestion_for_a_deputy(world, api):
    staff = api(world.staff)
    missing = staff.post("suggestions/", _body(world))
    assert missing.status_code == 400 and "lead_deputy" in missing.json()["fields"]
    created = ok(staff.post("suggestions/", _body(world, lead_deputy=world.wang.deputy_id)), 201)
    assert created["lead_deputy"]["name"] == "王强"
    assert created["id"] in {s["id"] for s in ok(api(world.wang).get("suggestions/"))["results"]}


def test_staff_put_a_suggestion_under_key_supervision(world, api):
    s = steps.assigned(world)
    body = {"leader": world.leader.pk, "responsible_committee": "城建环保工委"}
    assert (
        api(world.leader).act("suggestions", s.pk, "set_key_supervision", body).status_code == 403
    )
    ok(api(world.staff).act("suggestions", s.pk, "set_key_supervision", body))
    wrong = api(world.staff).act("suggestions", s.pk, "set_key_supervision", {"leader": 999})
    assert wrong.status_code == 400 and "leader" in wrong.json()["fields"]


def test_available_actions_follow_the_status_and_the_caller(world, api):
    s = steps.handled(world)
    actions = lambda user: ok(api(user).get(f"suggestions/{s.pk}/"))["available_actions"]  # noqa: E731
    assert actions(world.staff) == ["approve_reply", "return_reply", "set_key_supervision"]
    assert actions(world.zhang) == actions(world.leader) == actions(world.traffic_head) == []
    lead = steps.assignment_of(s, world.traffic)
    detail = ok(api(world.traffic_handler).get(f"assignments/{lead.pk}/"))
    assert detail["status"] == "signed_off" and detail["available_actions"] == ["record_contact"]
