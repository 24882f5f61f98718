"""The workspace lists and figures that had only a web page now have an API endpoint reading the
same selector behind the same permission predicate: co-sign invitations, the unit inbox, the staff
dashboard, work queues, pending unit requests, units' loads and the leader's key suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suggestions import services
from tests import steps
from tests.api.client import ok
from tests.web.helpers import client_for, url

# --- the web page and its endpoint let in the same people ----------------------------------
PAIRS = [
    (url("deputy_invitations"), "me/cosign_invitations/"),
    (url("unit_inbox"), "assignments/inbox/"),
    (url("staff_dashboard"), "staff/dashboard/"),
    (url("staff_queue", "review"), "staff/queues/review/"),
    (url("staff_requests"), "staff/requests/"),
    (url("leader_home"), "leader/supervisions/"),
]
PERSONAS = ["zhang", "edu_handler", "traffic_head", "staff", "leader"]


@pytest.mark.parametrize("page,endpoint", PAIRS)
def test_web_page_and_api_endpoint_admit_the_same_personas(world, api, page, endpoint):
    for name in PERSONAS:
        user = getattr(world, name)
        web = client_for(user).get(page).status_code
        answer = api(user).get(endpoint).status_code
        assert (web, answer) in ((200, 200), (403, 403)), (name, web, answer)


@pytest.mark.parametrize("_page,endpoint", PAIRS + [("", "units/loads/")])
def test_anonymous_callers_get_401(world, api, _page, endpoint):
    assert api().get(endpoint).status_code == 401


# --- deputy: co-sign invitations ----------------------------------------------------------
def test_deputy_lists_drafts_awaiting_their_cosignature(world, api):
    invited = steps.draft(world, title="邀请附议的草稿")
    steps.submitted(world, title="已提交的不再邀请")
    listed = ok(api(world.li).get("me/cosign_invitations/"))
    assert [i["suggestion"]["id"] for i in listed["results"]] == [invited.pk]
    assert listed["results"][0]["suggestion"]["lead_deputy"]["name"] == "张伟"
    # The lead deputy is not invited to their own draft.
    assert ok(api(world.zhang).get("me/cosign_invitations/"))["count"] == 0
    services.cosign_confirm(user=world.li, suggestion=invited)
    assert ok(api(world.li).get("me/cosign_invitations/"))["count"] == 0


def test_staff_have_no_cosign_invitations(world, api):
    response = api(world.staff).get("me/cosign_invitations/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


# --- unit: the inbox ----------------------------------------------------------------------
def test_unit_inbox_shows_own_open_assignments_with_lights(world, api):
    s = steps.assigned(world)
    steps.assigned(world, title="另一条建议")
    listed = ok(api(world.edu_handler).get("assignments/inbox/"))
    assert listed["count"] == 2
    first = listed["results"][0]
    assert first["unit"]["code"] == "EDU" and first["light"] in ("red", "yellow", "green")
    assert first["has_pending_request"] is False
    co = ok(api(world.edu_handler).get("assignments/inbox/", role="lead"))
    assert co["count"] == 0  # the education bureau is a co-unit on both
    traffic = ok(api(world.traffic_head).get("assignments/inbox/", role="lead", sort="number"))
    assert traffic["results"][0]["suggestion_summary"]["id"] == s.pk


def test_unit_inbox_refuses_deputies_before_reading_filters(world, api):
    response = api(world.zhang).get("assignments/inbox/", light="purple")
    assert response.status_code == 403


def test_unit_inbox_rejects_unknown_filters(world, api):
    response = api(world.edu_handler).get("assignments/inbox/", light="purple", sort="x")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"light", "sort"}


def test_unit_inbox_query_count_does_not_grow(world, api):
    steps.assigned(world)
    client = api(world.edu_handler)
    ok(client.get("assignments/inbox/"))  # the token exists from here on
    with CaptureQueriesContext(connection) as one:
        ok(client.get("assignments/inbox/"))
    for n in range(3):
        steps.assigned(world, title=f"建议{n}")
    with CaptureQueriesContext(connection) as four:
        assert ok(client.get("assignments/inbox/"))["count"] == 4
    assert len(four) <= len(one)


# --- staff: dashboard, queues, requests, units' loads --------------------------------------
def test_dashboard_figures_match_the_suggestions(world, api):
    steps.draft(world)  # the deputy's own: counted for no one of the committee
    steps.submitted(world, title="待审查")
    steps.assigned(world, title="已交办")
    figures = ok(api(world.leader).get("staff/dashboard/"))
    counts = {row["status"]: row["count"] for row in figures["by_status"]}
    assert counts["draft"] == 0 and counts["submitted"] == 1 and counts["assigned"] == 1
    assert figures["total"] == 2
    assert figures["waiting"]["submitted"] == 1
    assert figures["pending_requests"] == 0 and figures["overdue"] == []


def test_deputy_and_unit_may_not_see_the_dashboard(world, api):
    for user in (world.zhang, world.edu_handler):
        assert api(user).get("staff/dashboard/").status_code == 403


def test_staff_queue_lists_what_waits_there(world, api):
    waiting = steps.submitted(world, title="待审查")
    steps.accepted(world, title="待交办")
    review = ok(api(world.staff).get("staff/queues/review/"))
    assert [s["id"] for s in review["results"]] == [waiting.pk]
    assert ok(api(world.staff).get("staff/queues/assign/"))["count"] == 1
    assert ok(api(world.staff).get("staff/queues/check/"))["count"] == 0


def test_unknown_queue_is_404_for_everyone_and_known_queue_403_for_others(world, api):
    assert api(world.staff).get("staff/queues/nothing/").status_code == 404
    assert api(world.zhang).get("staff/queues/nothing/").status_code == 404
    assert api(world.leader).get("staff/queues/review/").status_code == 403


def test_staff_see_pending_requests_and_decide_them(world, api):
    s = steps.assigned(world)
    assignment = steps.assignment_of(s, world.edu)
    ok(
        api(world.edu_handler).act(
            "assignments", assignment.pk, "request_reassignment", {"reason": "不属于本单位职责"}
        )
    )
    queue = ok(api(world.staff).get("staff/requests/"))
    assert queue["count"] == 1
    pending = queue["results"][0]
    assert pending["kind"] == "reassignment" and pending["assignment"]["id"] == assignment.pk
    assert pending["assignment"]["unit"]["code"] == "EDU"
    assert pending["requested_by"] == "教育局联络员"
    ok(api(world.staff).act("assignments", assignment.pk, "reject_reassignment", {"reason": "否"}))
    assert ok(api(world.staff).get("staff/requests/"))["count"] == 0
    assert api(world.edu_handler).get("staff/requests/").status_code == 403


def test_units_loads_count_open_assignments(world, api):
    steps.assigned(world)
    steps.assigned(world, title="第二条")
    loads = {u["code"]: u["open_load"] for u in ok(api(world.staff).get("units/loads/"))}
    assert loads == {"EDU": 2, "TRA": 2, "ENV": 2, "CIV": 0}
    assert api(world.traffic_head).get("units/loads/").status_code == 403


# --- leader: the key suggestions they lead -------------------------------------------------
def test_leader_sees_the_key_suggestions_they_lead(world, api):
    s = steps.assigned(world)
    services.suggestion_set_key_supervision(
        user=world.staff, suggestion=s, leader=world.leader.pk, responsible_committee="教科文卫委"
    )
    listed = ok(api(world.leader).get("leader/supervisions/"))
    assert listed["count"] == 1
    item = listed["results"][0]
    assert item["suggestion"]["id"] == s.pk and item["responsible_committee"] == "教科文卫委"
    units = {a["unit"]["code"]: a["contacts"] for a in item["suggestion"]["assignments"]}
    assert units == {"TRA": 0, "EDU": 0, "ENV": 0}
    # Staff may open the page but lead nothing themselves; a deputy may not.
    assert ok(api(world.staff).get("leader/supervisions/"))["count"] == 0
    assert api(world.zhang).get("leader/supervisions/").status_code == 403


# --- deputy search: the directory filter matches as the co-signer search does ---------------
@pytest.mark.parametrize("q", ["李", "lina", "ln"])
def test_deputy_search_by_name_pinyin_or_initials_matches_the_web(world, api, q):
    web = client_for(world.zhang).get(url("deputy_search"), {"q": q}).json()["results"]
    listed = ok(api(world.zhang).get("deputies/", q=q))["results"]
    assert {d["id"] for d in web} == {d["id"] for d in listed} == {world.li.deputy_id}


def test_messages_are_chinese_by_default(world, api):
    response = api(world.zhang, lang="zh-hans").get("staff/dashboard/")
    assert response.status_code == 403 and "权" in response.json()["detail"]


@pytest.mark.parametrize(
    "persona,endpoint",
    [
        ("staff", "staff/queues/assign/"),
        ("staff", "staff/requests/"),
        ("leader", "leader/supervisions/"),
        ("li", "me/cosign_invitations/"),
    ],
)
def test_list_query_counts_do_not_grow(world, api, persona, endpoint):
    def add_one(n: int) -> None:
        title = f"建议{n}"
        if persona == "li":
            steps.draft(world, title=title)
            return
        s = steps.assigned(world, title=title)
        services.suggestion_set_key_supervision(
            user=world.staff, suggestion=s, leader=world.leader.pk
        )
        a = steps.assignment_of(s, world.edu)
        services.assignment_request_extension(
            user=world.edu_handler,
            assignment=a,
            reason="需要更多时间",
            due_date=a.due_date + dt.timedelta(days=7),
        )
        steps.accepted(world, title=f"待交办{n}")

    client = api(getattr(world, persona))
    add_one(0)
    ok(client.get(endpoint))
    with CaptureQueriesContext(connection) as one:
        assert ok(client.get(endpoint))["count"] == 1
    for n in range(1, 4):
        add_one(n)
    with CaptureQueriesContext(connection) as four:
        assert ok(client.get(endpoint))["count"] == 4
    assert len(four) == len(one)


# --- unit: the lead unit reads the co-units' opinions, as on its web page ---------------------
def test_lead_unit_reads_co_unit_opinions_on_its_assignment(world, api):
    s = steps.assigned(world)
    co = steps.assignment_of(s, world.edu)
    ok(api(world.edu_handler).act("assignments", co.pk, "submit_opinion", {"text": "建议错峰放学"}))
    lead = steps.assignment_of(s, world.traffic)
    opinions = ok(api(world.traffic_head).get(f"assignments/{lead.pk}/"))["co_opinions"]
    assert [(o["unit"]["code"], o["text"]) for o in opinions] == [("EDU", "建议错峰放学")]
    page = client_for(world.traffic_head).get(url("assignment_detail", lead.pk))
    assert "建议错峰放学" in page.content.decode()
    # A co-unit's own assignment carries no one else's opinions; the deputy sees no internal notes.
    assert ok(api(world.edu_handler).get(f"assignments/{co.pk}/"))["co_opinions"] == []
    assert ok(api(world.zhang).get(f"assignments/{lead.pk}/"))["co_opinions"] == []
    assert api(world.other_handler).get(f"assignments/{lead.pk}/").status_code == 404


# --- every role: the suggestion shows who leads its key supervision, as its web page does -----
def test_suggestion_detail_names_the_key_supervision_leader(world, api):
    s = steps.assigned(world)
    assert ok(api(world.zhang).get(f"suggestions/{s.pk}/"))["key_supervision"] is None
    services.suggestion_set_key_supervision(
        user=world.staff, suggestion=s, leader=world.leader.pk, responsible_committee="教科文卫委"
    )
    for user in (world.zhang, world.traffic_head):
        shown = ok(api(user).get(f"suggestions/{s.pk}/"))["key_supervision"]
        assert shown == {"leader": "刘主任", "responsible_committee": "教科文卫委"}
    page = client_for(world.zhang).get(url("suggestion_detail", s.pk)).content.decode()
    assert "刘主任" in page and "教科文卫委" in page


# --- staff: the list's search matches as the web list's does ---------------------------------
@pytest.mark.parametrize("q", ["张伟", "信号灯", "协管员"])
def test_suggestion_search_matches_the_staff_list_page(world, api, q):
    s = steps.submitted(world)  # 张伟's, about traffic lights (信号灯) and wardens (协管员)
    services.suggestion_create(
        user=world.wang,
        session=world.session,
        title="关于垃圾分类的建议",
        content="建议小区增设分类回收点。",
        category=world.category,
        co_signers=[],
        publication_consent="full",
    )
    listed = ok(api(world.staff).get("suggestions/", q=q))["results"]
    page = client_for(world.staff).get(url("staff_all"), {"q": q}).content.decode()
    assert [r["id"] for r in listed] == [s.pk]
    assert url("suggestion_detail", s.pk) in page
    assert "垃圾分类" not in page


# --- a suggestion's ratings: the same people see them on the page and through the API --------
def test_a_cosigner_sees_no_fellow_deputys_rating_on_the_page_or_the_api(world, api):
    s = steps.rated(world)
    for user, count in ((world.zhang, 1), (world.li, 0), (world.staff, 1), (world.traffic_head, 1)):
        shown = ok(api(user).get(f"suggestions/{s.pk}/"))["ratings"]
        page = client_for(user).get(url("suggestion_detail", s.pk)).content.decode()
        assert len(shown) == count, user
        assert ('data-testid="ratings"' in page) == bool(count), user
