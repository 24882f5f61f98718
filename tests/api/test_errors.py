"""Every error of the API is JSON {"detail", "code", ...}, in the caller's language, in the
order 404 → 409 → 403 → 400."""

from __future__ import annotations

import pytest

from tests import steps
from tests.api.client import ok


def test_anonymous_caller_gets_401_with_a_token_challenge(api):
    response = api().get("suggestions/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }
    assert response["WWW-Authenticate"] == "Token"


def test_bad_token_gets_401_authentication_failed(api):
    client = api()
    client.client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    body = client.get("suggestions/").json()
    assert body["code"] == "authentication_failed"


def test_error_detail_follows_the_request_language(api):
    body = api(lang="zh-hans").get("suggestions/").json()
    assert body["code"] == "not_authenticated"
    assert body["detail"] == "身份认证信息未提供。"


def test_suggestion_outside_callers_scope_is_404_even_with_a_bad_body(world, api):
    s = steps.submitted(world)
    for user in (world.wang, world.edu_handler):
        assert api(user).get(f"suggestions/{s.pk}/").json() == {
            "detail": "Not found.",
            "code": "not_found",
        }
        response = api(user).act("suggestions", s.pk, "merge", {"into": "x"})
        assert response.status_code == 404


def test_missing_object_and_unknown_action_are_json_404(world, api):
    staff = api(world.staff)
    assert staff.get("suggestions/999999/").json()["code"] == "not_found"
    assert staff.act("suggestions", 10**30, "accept").status_code == 404
    s = steps.submitted(world)
    unknown = staff.act("suggestions", s.pk, "approve_everything")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert staff.get("/api/nowhere/").json()["code"] == "not_found"


def test_action_impossible_in_this_status_is_409_with_the_status_before_body_checks(world, api):
    s = steps.submitted(world)
    response = api(world.zhang).act("suggestions", s.pk, "submit")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_state" and body["status"] == "submitted"
    assert body["detail"] == "This action is not possible in the current status."
    # A malformed body does not hide that the action is impossible now.
    draft = steps.paper_draft(world)  # a draft staff see: one they registered
    late = api(world.staff).act("suggestions", draft.pk, "not_accept", {"reason": ""})
    assert late.status_code == 409 and late.json()["status"] == "draft"


def test_action_possible_but_not_for_the_caller_is_403_before_body_checks(world, api):
    s = steps.submitted(world)
    response = api(world.zhang).act("suggestions", s.pk, "not_accept", {})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "You are not permitted to do this.",
        "code": "permission_denied",
        "status": "submitted",
    }
    s2 = steps.assigned(world)
    lead = steps.assignment_of(s2, world.traffic)
    assert api(world.traffic_handler).act("assignments", lead.pk, "sign").status_code == 200
    steps.reply(world, s2, world.traffic, world.traffic_handler, world.traffic_head)
    assert (
        api(world.traffic_handler).act("assignments", lead.pk, "draft_reply", {}).status_code == 409
    )
    co = steps.assignment_of(s2, world.edu)
    ok(api(world.edu_handler).act("assignments", co.pk, "sign"))
    # A co-unit sends an opinion; writing the reply is the lead unit's, whatever the body.
    refused = api(world.edu_handler).act("assignments", co.pk, "draft_reply", {"text": 1})
    assert refused.status_code == 403 and refused.json()["status"] == "signed"


def test_bad_body_is_400_with_messages_per_field(world, api):
    s = steps.submitted(world)
    staff = api(world.staff)
    response = staff.act("suggestions", s.pk, "not_accept", {"reason": "   "})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Please correct the errors below.",
        "code": "invalid",
        "fields": {"reason": ["This field may not be blank."]},
    }
    accepted = steps.accepted(world)
    from_service = staff.act(
        "suggestions",
        accepted.pk,
        "assign",
        {
            "lead_unit": world.edu.pk,
            "co_units": [world.edu.pk],
        },
    )
    assert from_service.status_code == 400
    assert from_service.json()["fields"] == {
        "co_units": ["The lead unit cannot also be a co-unit."]
    }
    missing = staff.act("suggestions", s.pk, "merge", {}).json()
    assert missing["code"] == "invalid" and missing["fields"] == {
        "into": ["This field is required."]
    }


def test_nested_body_errors_are_dotted_per_field(world, api):
    s = steps.assigned(world)
    lead = steps.assignment_of(s, world.traffic)
    handler = api(world.traffic_handler)
    ok(handler.act("assignments", lead.pk, "sign"))
    response = handler.act(
        "assignments",
        lead.pk,
        "draft_reply",
        {
            "result_class": "B",
            "text": "将逐步解决",
            "promises": [{"text": "x", "due_date": "soon"}],
        },
    )
    fields = response.json()["fields"]
    assert response.status_code == 400 and list(fields) == ["promises.0.due_date"]
    no_promise = handler.act(
        "assignments",
        lead.pk,
        "draft_reply",
        {
            "result_class": "B",
            "text": "将逐步解决",
        },
    )
    assert no_promise.status_code == 400 and "promises" in no_promise.json()["fields"]


def test_body_that_is_not_json_is_400_parse_error(world, api):
    s = steps.submitted(world)
    client = api(world.staff)
    response = client.client.post(
        f"/api/v1/suggestions/{s.pk}/actions/not_accept/",
        "{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert (
        response.json()["code"] == "parse_error" and "non_field_errors" in response.json()["fields"]
    )


def test_late_reassignment_request_is_refused_with_the_deadline(world, api, settings):
    s = steps.assigned(world)
    edu = steps.assignment_of(s, world.edu)
    type(edu).objects.filter(pk=edu.pk).update(reassignment_due="2026-01-02")
    response = api(world.edu_handler).act(
        "assignments",
        edu.pk,
        "request_reassignment",
        {
            "reason": "不属于本局职责",
        },
    )
    assert response.status_code == 400 and "2026-01-02" in response.json()["fields"]["reason"][0]
    detail = ok(api(world.edu_handler).get(f"assignments/{edu.pk}/"))
    assert "request_reassignment" not in detail["available_actions"]


@pytest.mark.parametrize("action", ["approve_reassignment", "reject_extension"])
def test_deciding_without_a_pending_request_is_409(world, api, action):
    s = steps.assigned(world)
    edu = steps.assignment_of(s, world.edu)
    response = api(world.staff).act("assignments", edu.pk, action, {"reason": "x"})
    assert response.status_code == 409 and response.json()["status"] == "assigned"


def test_unit_cannot_decide_its_own_request(world, api):
    s = steps.assigned(world)
    edu = steps.assignment_of(s, world.edu)
    ok(api(world.edu_handler).act("assignments", edu.pk, "request_reassignment", {"reason": "x"}))
    response = api(world.edu_head).act("assignments", edu.pk, "approve_reassignment", {})
    assert response.status_code == 403
