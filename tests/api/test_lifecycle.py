"""The whole life of suggestions through the API alone, one persona per role, each logging in
with a token from /api/v1/auth/token/."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.api.client import Api, ok
from tests.personas import PASSWORD


def login(user) -> Api:
    """Log in through the token endpoint, as an integration would, each from its own address
    (the login throttle counts per address)."""
    client = Api()
    client.client.defaults["REMOTE_ADDR"] = f"127.0.0.{user.pk % 250 + 2}"
    token = ok(client.post("auth/token/", {"username": user.username, "password": PASSWORD}))
    client.client.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    return client


def assignment_for(detail: dict, unit) -> dict:
    return next(
        a for a in detail["assignments"] if a["unit"]["id"] == unit.pk and a["status"] != "relieved"
    )


def draft_and_submit(world, zhang: Api, li: Api) -> int:
    session = ok(zhang.get("sessions/"))["results"][0]["id"]
    category = ok(zhang.get("categories/"))["results"][0]["id"]
    li_deputy = ok(zhang.get("deputies/", q="ln"))["results"][0]
    assert li_deputy["name"] == "李娜"
    created = ok(
        zhang.post(
            "suggestions/",
            {
                "session": session,
                "title": "关于增设学校周边交通信号灯的建议",
                "content": "东城小学门口上下学时段车流密集，建议增设信号灯。",
                "category": category,
                "co_signers": [li_deputy["id"]],
                "publication_consent": "full",
                "in_session": False,
            },
        ),
        201,
    )
    pk = created["id"]
    assert created["status"] == "draft"
    assert created["co_signers"][0]["state"] == "invited"
    assert "confirm_cosign" in ok(li.get(f"suggestions/{pk}/"))["available_actions"]
    assert ok(li.act("suggestions", pk, "confirm_cosign"))["co_signers"][0]["state"] == "confirmed"
    submitted = ok(zhang.act("suggestions", pk, "submit"))
    assert submitted["status"] == "submitted" and submitted["number"] >= 1
    return pk


def reply(handler: Api, head: Api, assignment_id: int, result_class="A") -> dict:
    promises = []
    if result_class in ("B", "C"):
        due = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
        promises = [{"text": "年底前完成信号灯安装", "due_date": due}]
    ok(
        handler.act(
            "assignments",
            assignment_id,
            "draft_reply",
            {
                "result_class": result_class,
                "text": "经研究，我局将在学校门口增设信号灯。",
                "promises": promises,
            },
        )
    )
    return ok(head.act("assignments", assignment_id, "sign_off"))


def test_joint_assignment_runs_through_reassignment_opinion_return_rehandling_and_closure(world):
    zhang, li, staff, leader = (
        login(u) for u in (world.zhang, world.li, world.staff, world.leader)
    )
    tra, tra_head = login(world.traffic_handler), login(world.traffic_head)
    edu, env, civ = login(world.edu_handler), login(world.env_handler), login(world.other_handler)
    pk = draft_and_submit(world, zhang, li)

    assert "accept" in ok(staff.get(f"suggestions/{pk}/"))["available_actions"]
    assert ok(staff.act("suggestions", pk, "accept"))["status"] == "accepted"
    detail = ok(
        staff.act(
            "suggestions",
            pk,
            "assign",
            {
                "lead_unit": world.traffic.pk,
                "co_units": [world.edu.pk, world.env.pk],
            },
        )
    )
    assert detail["status"] == "assigned"
    roles = {a["unit"]["id"]: a["role"] for a in detail["assignments"]}
    assert roles == {world.traffic.pk: "lead", world.edu.pk: "co", world.env.pk: "co"}
    lead = assignment_for(detail, world.traffic)
    assert lead["due_date"] and "→" in lead["due_date_explanation"]
    assert lead["reassignment_due"] and lead["reassignment_due_explanation"]
    assert lead["opinion_due"] is None
    env_row = assignment_for(detail, world.env)
    assert env_row["opinion_due"] and env_row["opinion_due_explanation"]

    # The environment bureau asks to be relieved; staff move the work to the civil affairs bureau.
    assert (
        "request_reassignment" in ok(env.get(f"assignments/{env_row['id']}/"))["available_actions"]
    )
    ok(
        env.act(
            "assignments",
            env_row["id"],
            "request_reassignment",
            {
                "reason": "不属于本局职责",
                "suggested_unit": world.other.pk,
            },
        )
    )
    relieved = ok(staff.act("assignments", env_row["id"], "approve_reassignment", {}))
    assert relieved["status"] == "relieved" and relieved["replaced_by"]
    assert relieved["requests"][0]["state"] == "approved"
    civ_row = ok(civ.get(f"assignments/{relieved['replaced_by']}/"))
    assert civ_row["unit"]["id"] == world.other.pk and civ_row["role"] == "co"

    # The education bureau asks too; staff refuse, and it keeps the work.
    edu_id = assignment_for(detail, world.edu)["id"]
    ok(edu.act("assignments", edu_id, "request_reassignment", {"reason": "建议由交通局办理"}))
    kept = ok(staff.act("assignments", edu_id, "reject_reassignment", {"reason": "涉及学校安全"}))
    assert kept["status"] == "assigned" and kept["requests"][0]["state"] == "rejected"

    # Co-units send their opinions to the lead unit.
    assert (
        ok(edu.act("assignments", edu_id, "submit_opinion", {"text": "建议安排协管员"}))["status"]
        == "opinion_sent"
    )
    ok(civ.act("assignments", civ_row["id"], "submit_opinion", {"text": "无补充意见"}))
    assert ok(tra.get(f"assignments/{lead['id']}/"))["available_actions"] == [
        "sign",
        "request_reassignment",
        "record_contact",
        "request_extension",
    ]

    # The lead unit signs, meets the deputy, asks for more time, replies; the head signs off.
    ok(tra.act("assignments", lead["id"], "sign"))
    assert ok(zhang.get(f"suggestions/{pk}/"))["status"] == "handling"
    contact = ok(
        tra.act(
            "assignments",
            lead["id"],
            "record_contact",
            {
                "kind": "meeting",
                "date": timezone.localdate().isoformat(),
                "note": "现场座谈",
            },
        )
    )
    assert contact["contacts"][0]["kind"] == "meeting"
    new_due = (dt.date.fromisoformat(lead["due_date"]) + dt.timedelta(days=30)).isoformat()
    ok(
        tra.act(
            "assignments",
            lead["id"],
            "request_extension",
            {
                "reason": "需协调交警部门",
                "due_date": new_due,
            },
        )
    )
    extended = ok(staff.act("assignments", lead["id"], "approve_extension", {}))
    assert extended["due_date"] == new_due
    assert new_due in extended["due_date_explanation"]
    reply(tra, tra_head, lead["id"], "B")
    assert ok(staff.get(f"suggestions/{pk}/"))["status"] == "handled"
    assert ok(zhang.get(f"suggestions/{pk}/"))["replies"] == []  # not approved yet

    # Staff return the reply as formulaic; the unit revises it.
    returned = ok(staff.act("suggestions", pk, "return_reply", {"reason": "答复过于笼统"}))
    assert returned["status"] == "handling"
    assert assignment_for(returned, world.traffic)["status"] == "signed"
    reply(tra, tra_head, lead["id"], "A")
    replied = ok(staff.act("suggestions", pk, "approve_reply"))
    assert replied["status"] == "replied"
    seen = ok(zhang.get(f"suggestions/{pk}/"))
    assert [r["result_class"] for r in seen["replies"]] == ["A"]
    assert seen["rating_due"] and seen["rating_due_explanation"]
    assert seen["available_actions"] == ["rate"]

    # The deputy is dissatisfied: handling opens again for a second round.
    rehandling = ok(
        zhang.act(
            "suggestions",
            pk,
            "rate",
            {
                "process": "satisfied",
                "result": "dissatisfied",
                "met": True,
                "comment": "未见落实",
            },
        )
    )
    assert rehandling["status"] == "rehandling" and rehandling["round"] == 2
    assert rehandling["ratings"][0]["result"] == "dissatisfied"
    again = assignment_for(rehandling, world.traffic)
    assert again["status"] == "signed" and again["round"] == 2
    reply(tra, tra_head, lead["id"], "A")
    ok(staff.act("suggestions", pk, "approve_reply"))
    rated = ok(
        zhang.act(
            "suggestions",
            pk,
            "rate",
            {
                "process": "satisfied",
                "result": "satisfied",
                "met": True,
            },
        )
    )
    assert rated["status"] == "rated"
    closed = ok(staff.act("suggestions", pk, "close"))
    assert closed["status"] == "closed" and closed["available_actions"] == ["set_key_supervision"]

    # The leader oversees everything; an unrelated deputy sees nothing.
    overseen = ok(leader.get(f"suggestions/{pk}/"))
    assert len(overseen["ratings"]) == 2 and [r["round"] for r in overseen["replies"]] == [1, 2]
    assert login(world.wang).get(f"suggestions/{pk}/").status_code == 404


def test_split_assignment_needs_every_unit_to_reply(world):
    zhang, li, staff = login(world.zhang), login(world.li), login(world.staff)
    pk = draft_and_submit(world, zhang, li)
    ok(staff.act("suggestions", pk, "accept"))
    detail = ok(
        staff.act(
            "suggestions",
            pk,
            "assign",
            {
                "split_units": [world.edu.pk, world.traffic.pk],
            },
        )
    )
    assert {a["role"] for a in detail["assignments"]} == {"split"}
    edu_id = assignment_for(detail, world.edu)["id"]
    tra_id = assignment_for(detail, world.traffic)["id"]
    edu, edu_head = login(world.edu_handler), login(world.edu_head)
    tra, tra_head = login(world.traffic_handler), login(world.traffic_head)
    ok(edu.act("assignments", edu_id, "sign"))
    ok(tra.act("assignments", tra_id, "sign"))
    reply(edu, edu_head, edu_id, "A")
    assert ok(staff.get(f"suggestions/{pk}/"))["status"] == "handling"
    reply(tra, tra_head, tra_id, "D")
    assert ok(staff.get(f"suggestions/{pk}/"))["status"] == "handled"
    ok(staff.act("suggestions", pk, "approve_reply"))
    seen = ok(zhang.get(f"suggestions/{pk}/"))
    assert sorted(r["result_class"] for r in seen["replies"]) == ["A", "D"]
    ok(
        zhang.act(
            "suggestions",
            pk,
            "rate",
            {
                "process": "basically_satisfied",
                "result": "satisfied",
                "met": False,
            },
        )
    )
    assert ok(staff.act("suggestions", pk, "close"))["status"] == "closed"


def test_staff_end_suggestions_that_are_not_accepted_merged_or_withdrawn(world):
    zhang, li, staff = login(world.zhang), login(world.li), login(world.staff)
    first = draft_and_submit(world, zhang, li)
    second = draft_and_submit(world, zhang, li)
    third = draft_and_submit(world, zhang, li)
    refused = ok(staff.act("suggestions", first, "not_accept", {"reason": "属于个人事务"}))
    assert refused["status"] == "not_accepted" and refused["not_accepted_reason"] == "属于个人事务"
    ok(staff.act("suggestions", second, "accept"))
    merged = ok(staff.act("suggestions", third, "merge", {"into": second}))
    assert merged["status"] == "merged" and merged["merged_into"] == second
    assert (
        ok(zhang.act("suggestions", second, "withdraw", {"reason": "已解决"}))["status"]
        == "withdrawn"
    )
    listed = ok(zhang.get("suggestions/", status="withdrawn"))
    assert [s["id"] for s in listed["results"]] == [second]


def test_cosigner_who_declines_no_longer_sees_the_draft(world):
    zhang, li = login(world.zhang), login(world.li)
    session = world.session.pk
    pk = ok(
        zhang.post(
            "suggestions/",
            {
                "session": session,
                "title": "关于公园增设座椅的建议",
                "content": "建议增设座椅。",
                "co_signers": [world.li.deputy_id],
            },
        ),
        201,
    )["id"]
    assert li.act("suggestions", pk, "decline_cosign").status_code == 204
    assert li.get(f"suggestions/{pk}/").status_code == 404
    assert ok(zhang.get(f"suggestions/{pk}/"))["co_signers"][0]["state"] == "declined"
