"""The other paths of a suggestion through the web views: split assignment, not accepted, merged,
withdrawn, re-assignment approved and refused, extension approved."""

from __future__ import annotations

import datetime as dt

import pytest

from suggestions.models import Assignment, Suggestion, UnitRequest
from tests import steps
from tests.web.helpers import client_for, post_ok, text, today, url

pytestmark = pytest.mark.django_db


def _status(s) -> str:
    return Suggestion.objects.get(pk=s.pk).status


def _reply_data(result_class="A"):
    return {
        "result_class": result_class,
        "text": "已完成整改。",
        "promises-TOTAL_FORMS": "3",
        "promises-INITIAL_FORMS": "0",
        "promises-MIN_NUM_FORMS": "0",
        "promises-MAX_NUM_FORMS": "20",
    }


def test_split_assignment_needs_both_units_to_reply(world):
    s = steps.accepted(world)
    staff = client_for(world.staff)
    post_ok(
        staff,
        url("staff_assign", s.pk),
        {"mode": "split", "split_units": [world.edu.pk, world.traffic.pk]},
    )
    rows = {a.unit_id: a for a in Assignment.objects.filter(suggestion=s)}
    assert {a.role for a in rows.values()} == {"split"}
    for unit, handler, head in (
        (world.edu, world.edu_handler, world.edu_head),
        (world.traffic, world.traffic_handler, world.traffic_head),
    ):
        a = rows[unit.pk]
        post_ok(client_for(handler), url("assignment_sign", a.pk))
        post_ok(client_for(handler), url("assignment_reply", a.pk), _reply_data())
        post_ok(client_for(head), url("assignment_sign_off", a.pk))
        expected = "handled" if unit == world.traffic else "handling"
        assert _status(s) == expected
    post_ok(staff, url("staff_check", s.pk), {"decision": "approve"})
    page = text(client_for(world.zhang).get(url("suggestion_detail", s.pk)))
    assert page.count('data-testid="reply"') == 2


def test_not_accepted_with_reason_is_shown_to_the_deputy(world):
    s = steps.submitted(world)
    post_ok(
        client_for(world.staff),
        url("staff_review", s.pk),
        {"action": "not_accept", "na-reason": "属于个人家庭事务"},
    )
    assert _status(s) == "not_accepted"
    page = text(client_for(world.zhang).get(url("suggestion_detail", s.pk)))
    assert "属于个人家庭事务" in page


def test_merged_into_another_suggestion_by_number(world):
    target = steps.accepted(world, title="关于学校周边交通安全的建议")
    s = steps.submitted(world, title="关于增设信号灯的建议", cosign=False)
    post_ok(
        client_for(world.staff),
        url("staff_review", s.pk),
        {"action": "merge", "merge-into": target.number},
    )
    merged = Suggestion.objects.get(pk=s.pk)
    assert merged.status == "merged" and merged.merged_into_id == target.pk


def test_withdrawn_by_the_deputy(world):
    s = steps.submitted(world)
    zhang = client_for(world.zhang)
    assert zhang.get(url("suggestion_withdraw", s.pk)).status_code == 200
    post_ok(zhang, url("suggestion_withdraw", s.pk), {"reason": "情况已解决"})
    assert _status(s) == "withdrawn"
    assert 'data-testid="action-withdraw"' not in text(zhang.get(url("suggestion_detail", s.pk)))


def _request_reassignment(world, s):
    a = steps.assignment_of(s, world.env)
    post_ok(
        client_for(world.env_handler),
        url("assignment_reassignment", a.pk),
        {"reason": "不属于本单位职责", "suggested_unit": world.other.pk},
    )
    return a, UnitRequest.objects.get(assignment=a)


def test_reassignment_approved_moves_the_work_to_the_new_unit(world):
    s = steps.assigned(world)
    a, request = _request_reassignment(world, s)
    staff = client_for(world.staff)
    assert request.pk and "不属于本单位职责" in text(staff.get(url("staff_requests")))
    post_ok(staff, url("staff_decide", request.pk), {"decision": "approve", "unit": world.other.pk})
    assert Assignment.objects.get(pk=a.pk).status == "relieved"
    new = steps.assignment_of(s, world.other)
    assert 'data-testid="inbox-item"' in text(
        client_for(world.other_handler).get(url("unit_inbox"))
    )
    assert client_for(world.other_handler).get(url("assignment_detail", new.pk)).status_code == 200


def test_reassignment_refused_keeps_the_unit_handling(world):
    s = steps.assigned(world)
    a, request = _request_reassignment(world, s)
    staff = client_for(world.staff)
    post_ok(
        staff, url("staff_decide", request.pk), {"decision": "reject", "reason": "属于本单位职责"}
    )
    assert UnitRequest.objects.get(pk=request.pk).state == "rejected"
    assert Assignment.objects.get(pk=a.pk).status == "assigned"
    page = text(client_for(world.env_handler).get(url("assignment_detail", a.pk)))
    assert "属于本单位职责" in page


def test_extension_approved_sets_the_new_due_date(world):
    s = steps.assigned(world)
    a = steps.assignment_of(s, world.traffic)
    new_due = a.due_date + dt.timedelta(days=30)
    post_ok(
        client_for(world.traffic_handler),
        url("assignment_extension", a.pk),
        {"reason": "需要协调资金", "due_date": new_due.isoformat()},
    )
    request = UnitRequest.objects.get(assignment=a)
    post_ok(client_for(world.staff), url("staff_decide", request.pk), {"decision": "approve"})
    assert Assignment.objects.get(pk=a.pk).due_date == new_due
    assert today() < new_due


def test_draft_is_edited_and_an_invited_co_signer_declines(world):
    s = steps.draft(world)
    zhang = client_for(world.zhang)
    page = text(zhang.get(url("suggestion_edit", s.pk)))
    assert f'name="co_signers" value="{world.li.deputy_id}"' in page
    post_ok(
        zhang,
        url("suggestion_edit", s.pk),
        {
            "title": "关于增设学校周边信号灯和斑马线的建议",
            "content": s.content,
            "publication_consent": "title",
            "co_signers": [world.li.deputy_id, world.wang.deputy_id],
        },
    )
    edited = Suggestion.objects.get(pk=s.pk)
    assert edited.title.endswith("斑马线的建议") and edited.publication_consent == "title"
    post_ok(client_for(world.li), url("cosign_respond", s.pk, "decline"))
    post_ok(client_for(world.wang), url("cosign_respond", s.pk, "confirm"))
    states = dict(s.cosigners.values_list("deputy_id", "state"))
    assert states == {world.li.deputy_id: "declined", world.wang.deputy_id: "confirmed"}
    post_ok(zhang, url("suggestion_submit", s.pk))
    assert _status(s) == "submitted"


def test_assignment_screen_shows_each_units_open_load(world):
    steps.assigned(world)
    s = steps.accepted(world, title="另一条建议", cosign=False)
    page = text(client_for(world.staff).get(url("staff_assign", s.pk)))
    assert 'data-testid="load-TRA">1<' in page and 'data-testid="load-CIV">0<' in page


def test_staff_register_a_paper_suggestion_for_a_deputy(world):
    staff = client_for(world.staff)
    response = staff.post(
        url("suggestion_new"),
        {
            "title": "关于修缮社区活动中心的建议",
            "content": "纸质建议登记",
            "publication_consent": "none",
        },
    )
    assert response.status_code == 200 and 'data-testid="error-lead_deputy"' in text(response)
    post_ok(
        staff,
        url("suggestion_new"),
        {
            "lead_deputy": world.wang.deputy_id,
            "title": "关于修缮社区活动中心的建议",
            "content": "纸质建议登记",
            "publication_consent": "none",
        },
    )
    s = Suggestion.objects.get(title="关于修缮社区活动中心的建议")
    assert s.lead_deputy_id == world.wang.deputy_id and s.created_by == world.staff
    post_ok(staff, url("suggestion_submit", s.pk))
    assert "关于修缮社区活动中心" in text(client_for(world.wang).get(url("deputy_home")))
