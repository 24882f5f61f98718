"""The follow-through over the API alone, as the real personas: the key-supervision cycle, a
survey cycle, a rating change, the class upgrade and evidence files — with the web's
permissions, the error order 404 → 409 → 403 → 400, and list queries that do not grow."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from followup import services
from followup.models import Evidence, KeyItem, SurveyAnswer
from suggestions import services as core
from suggestions.models import Deputy, KeySupervision, Rating, Role, User
from tests import steps
from tests.api.client import ok
from tests.followup.helpers import PNG, closed_b_reply

TITLES = ["关于学校周边交通安全的建议", "关于增设公交线路的建议", "关于治理学校周边停车的建议"]


def code(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.content[:500])
    return response.json()["code"]


def count_queries(call) -> tuple[int, dict]:
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        body = ok(call())
    return len(ctx.captured_queries), body


# --- key supervision -------------------------------------------------------------------------
def _propose(world, api, suggestions, title="学校周边交通综合治理"):
    body = {
        "title": title,
        "suggestions": [s.pk for s in suggestions],
        "leader": world.leader.pk,
        "responsible_committee": "城建环保工委",
        "lead_unit": world.traffic.pk,
        "reason": "三件建议反映同一问题",
    }
    return ok(api(world.staff).post("key_items/", body), 201)


def _act(api, user, pk: int, action: str, body=None):
    return api(user).post(f"key_items/{pk}/actions/{action}/", body)


def test_whole_key_supervision_cycle_through_the_api(world, api):
    three = [steps.assigned(world, title=t, cosign=False) for t in TITLES]
    item = _propose(world, api, three)
    pk = item["id"]
    assert item["kind"] == "topic" and item["status"] == "proposed"
    assert item["leader_name"] == world.leader.display_name
    assert [s["id"] for s in item["suggestions"]] == sorted(s.pk for s in three)
    assert [i["id"] for i in ok(api(world.leader).get("key_items/mine/"))["results"]] == [pk]

    body = ok(_act(api, world.leader, pk, "decide", {"selected": True, "meeting_ref": "第12次"}))
    assert body["status"] == "listed" and body["meeting_ref"] == "第12次"
    assert KeySupervision.objects.filter(leader=world.leader).count() == 3

    today = timezone.localdate()
    plan = {
        "plan": "分三阶段督办",
        "milestones": [
            {"title": "制定整改方案", "due_date": today.isoformat()},
            {"title": "完成信号灯安装", "due_date": (today + dt.timedelta(days=90)).isoformat()},
        ],
    }
    body = ok(_act(api, world.leader, pk, "plan", plan))
    first = body["milestones"][0]["id"]
    body = ok(_act(api, world.leader, pk, "milestone", {"milestone": first, "done_on": str(today)}))
    assert body["milestones"][0]["done_at"] == str(today) and body["milestones_done"] == 1

    activity = {
        "kind": "inspection",
        "date": str(today),
        "place": "东城小学门口",
        "deputies": [world.zhang.pk, world.wang.pk],
        "participants": [world.leader.pk, world.traffic_head.pk],
    }
    body = ok(_act(api, world.staff, pk, "activity", activity))
    activity_id = body["activities"][0]["id"]
    assert len(body["activities"][0]["participants"]) == 4
    names = {p["name"] for p in body["activities"][0]["participants"]}
    assert {world.leader.display_name, world.traffic_head.display_name} <= names

    invitations = ok(api(world.zhang).get("key_items/invitations/"))["results"]
    assert [(i["activity"], i["answer"]) for i in invitations] == [(activity_id, "invited")]
    assert invitations[0]["item_title"] == "学校周边交通综合治理"
    answer = f"key_activities/{activity_id}/actions/answer/"
    assert ok(api(world.zhang).post(answer, {"accept": True}))["answer"] == "accepted"
    assert ok(api(world.wang).post(answer, {"accept": False}))["answer"] == "declined"
    # Nobody answers for a deputy: the lead unit sees the item (403), others do not (404).
    assert code(api(world.traffic_handler).post(answer, {"accept": True}), 403)
    assert code(api(world.edu_handler).post(answer, {"accept": "maybe"}), 404)
    assert code(api(world.zhang).post(answer, {"accept": "maybe"}), 400)

    hold = {"activity": activity_id, "findings": "信号灯已立杆", "attended": [world.zhang.pk]}
    body = ok(_act(api, world.leader, pk, "hold", hold))
    assert body["activities"][0]["status"] == "held" and body["activities_held"] == 1
    assert code(api(world.zhang).post(answer, {"accept": False}), 409)

    body = ok(_act(api, world.leader, pk, "midterm", {"note": "进度符合计划"}))
    assert body["status"] == "midterm"
    conclusion = {"conclusion": "已全部办结", "committee_opinion": "同意结束督办"}
    assert ok(_act(api, world.staff, pk, "conclude", conclusion))["status"] == "concluded"

    # The lead unit sees its item; another unit sees nothing; the public sees the list.
    assert [i["id"] for i in ok(api(world.traffic_handler).get("key_items/"))["results"]] == [pk]
    assert ok(api(world.edu_handler).get("key_items/"))["count"] == 0
    public = ok(api().get("public/key_items/"))["results"]
    assert public[0]["title"] == "学校周边交通综合治理" and public[0]["conclusion"] == "已全部办结"
    assert public[0]["activities"] == [{"kind": "inspection", "date": str(today)}]
    assert "leader" not in public[0]


def test_a_plan_edits_and_removes_milestones_by_id_and_keeps_those_left_out(world, api):
    item = _propose(world, api, [steps.assigned(world, title=TITLES[0], cosign=False)])
    pk = item["id"]
    ok(_act(api, world.staff, pk, "decide", {"selected": True, "meeting_ref": "第12次"}))
    three = [
        {"title": "一", "due_date": "2026-05-01"},
        {"title": "二", "due_date": "2026-06-01"},
        {"title": "三", "due_date": "2026-07-01"},
    ]
    ids = [
        m["id"]
        for m in ok(_act(api, world.leader, pk, "plan", {"plan": "计划", "milestones": three}))[
            "milestones"
        ]
    ]
    # "一" edited, "二" removed, "三" left out (kept), "四" added.
    body = {
        "plan": "新计划",
        "milestones": [
            {"id": ids[0], "title": "一（改）", "due_date": "2026-05-15"},
            {"title": "四", "due_date": "2026-08-01"},
        ],
        "remove": [ids[1]],
    }
    after = ok(_act(api, world.leader, pk, "plan", body))["milestones"]
    by_title = {m["title"]: m for m in after}
    assert set(by_title) == {"一（改）", "三", "四"}
    assert by_title["一（改）"]["id"] == ids[0] and by_title["一（改）"]["due_date"] == "2026-05-15"
    assert by_title["三"]["id"] == ids[2]
    # An id that is not one of its open milestones is refused on its entry; nothing changes.
    response = _act(
        api, world.leader, pk, "plan", {"plan": "x", "milestones": [], "remove": [ids[1]]}
    )
    assert code(response, 400) == "invalid" and "remove" in response.json()["fields"]
    assert ok(api(world.leader).get(f"key_items/{pk}/"))["milestones"] == after


def test_key_item_errors_come_in_order(world, api):
    s = steps.assigned(world, cosign=False)
    pk = _propose(world, api, [s])["id"]
    decide = {"selected": True, "meeting_ref": "第3次主任会议"}
    # 404: an outsider, even with a malformed body; a missing item.
    assert code(_act(api, world.edu_handler, pk, "decide", {"selected": []}), 404)
    assert code(api(world.edu_handler).get(f"key_items/{pk}/"), 404)
    assert code(_act(api, world.staff, pk + 100, "decide", decide), 404)
    # 409: running the supervision before the meeting decided.
    response = _act(api, world.leader, pk, "midterm", {"note": "x"})
    assert code(response, 409) == "invalid_state" and response.json()["status"] == "proposed"
    # 403: the lead unit sees the item but does not decide — also with a malformed body.
    assert code(_act(api, world.traffic_head, pk, "decide", decide), 403)
    assert code(_act(api, world.traffic_head, pk, "decide", {"selected": "?"}), 403)
    # 400: per field, from the serializer and from the service.
    response = _act(api, world.staff, pk, "decide", {"meeting_ref": "x"})
    assert code(response, 400) == "invalid" and "selected" in response.json()["fields"]
    response = _act(api, world.staff, pk, "decide", {"selected": True, "meeting_ref": " "})
    assert "meeting_ref" in response.json()["fields"]
    ok(_act(api, world.staff, pk, "decide", decide))
    assert code(_act(api, world.staff, pk, "decide", decide), 409)
    # A milestone or an activity of another item is invalid input, not someone else's object.
    other = _propose(world, api, [steps.assigned(world, title="另一件", cosign=False)], "另一事项")
    ok(_act(api, world.staff, other["id"], "decide", decide))
    milestones = {"plan": "计划", "milestones": [{"title": "一", "due_date": "2026-01-01"}]}
    theirs = ok(_act(api, world.staff, other["id"], "plan", milestones))["milestones"][0]["id"]
    for milestone in (theirs, 999):
        done = {"milestone": milestone, "done_on": "2026-01-01"}
        response = _act(api, world.staff, pk, "milestone", done)
        assert "milestone" in response.json()["fields"] and code(response, 400)
    assert ok(api(world.staff).get(f"key_items/{other['id']}/"))["milestones_done"] == 0
    hold = {"activity": 999, "findings": "x"}
    assert code(_act(api, world.traffic_head, pk, "hold", hold), 403)
    assert "activity" in _act(api, world.staff, pk, "hold", hold).json()["fields"]

    # Proposing: staff only; the body is checked per field.
    body = {
        "title": "",
        "suggestions": [],
        "leader": 9999,
        "responsible_committee": "",
        "lead_unit": 9999,
    }
    assert code(api(world.leader).post("key_items/", body), 403)
    assert code(api(world.leader).post("key_items/", {"title": []}), 403)
    fields = api(world.staff).post("key_items/", body).json()["fields"]
    assert {"title", "suggestions", "leader", "responsible_committee", "lead_unit"} <= set(fields)
    # A leader's own page is for leaders; the public list checks its session parameter.
    assert code(api(world.staff).get("key_items/mine/"), 403)
    assert code(api().get("key_items/"), 401)
    assert code(api(world.zhang).get("key_items/"), 403)  # a deputy has no key list, as on the web
    assert code(api().get("public/key_items/", session="abc"), 400)
    assert ok(api().get("public/key_items/", session="99999"))["count"] == 0


def test_key_lists_cost_the_same_queries_whatever_their_length(world, api):
    def add_item(n: int) -> int:
        s = steps.assigned(world, title=f"第{n}件", cosign=False)
        item = services.key_item_propose(
            user=world.staff,
            session=world.session,
            title=f"督办事项{n}",
            suggestions=[s.pk],
            leader=world.leader.pk,
            responsible_committee="城建环保工委",
            lead_unit=world.traffic.pk,
        )
        services.key_item_decide(user=world.staff, item=item, selected=True, meeting_ref="会议")
        today = timezone.localdate()
        services.key_item_set_plan(
            user=world.leader,
            item=item,
            plan="计划",
            milestones=[{"title": "一", "due_date": today}],
        )
        services.activity_schedule(
            user=world.staff, item=item, kind="meeting", date=today, deputies=[world.zhang.pk]
        )
        return item.pk

    add_item(1)
    lists = [
        (api(world.staff), "key_items/"),
        (api(world.traffic_handler), "key_items/"),
        (api(world.leader), "key_items/mine/"),
        (api(world.zhang), "key_items/invitations/"),
        (api(), "public/key_items/"),
    ]
    before = [count_queries(lambda c=c, p=p: c.get(p))[0] for c, p in lists]
    for n in range(2, 5):
        add_item(n)
    after = []
    for client, path in lists:
        queries, body = count_queries(lambda c=client, p=path: c.get(p))
        assert body["count"] == 4, path
        after.append(queries)
    assert after == before


# --- satisfaction ------------------------------------------------------------------------------
def test_the_deputy_changes_their_own_rating_and_staff_see_the_overview(world, api):
    s = steps.rated(world)
    rating = Rating.objects.get(suggestion=s)
    change = f"ratings/{rating.pk}/actions/change/"
    body = {"process": "basically_satisfied", "result": "satisfied", "met": False}
    changed = ok(api(world.zhang).post(change, {**body, "comment": "其实没有见面"}))
    assert changed["process"] == "basically_satisfied" and changed["met"] is False
    # 404 for a deputy who cannot see it, 403 for staff and the unit (whatever the body),
    # 400 per field for the deputy.
    assert code(api(world.wang).post(change, body), 404)
    assert code(api(world.staff).post(change, {"process": "great"}), 403)
    assert code(api(world.traffic_handler).post(change, body), 403)
    response = api(world.zhang).post(change, {**body, "result": "dissatisfied"})
    assert "result" in response.json()["fields"] and code(response, 400)
    assert "met" in api(world.zhang).post(change, {"process": "satisfied"}).json()["fields"]

    overview = ok(api(world.staff).get("satisfaction/"))
    assert overview["session"] == world.session.pk
    assert overview["latest"]["rated"] == 1 and overview["latest"]["process_basically_satisfied"]
    assert overview["meetings"] == {"replied": 1, "met": 0}
    assert [e["verb"] for e in overview["audit"]] == ["rating_changed", "rated"]
    assert overview["disputes"] == [] and overview["survey"] is None
    assert code(api(world.leader).get("satisfaction/"), 403)
    assert code(api(world.staff).get("satisfaction/", session="x"), 400)
    assert code(api(world.staff).get("satisfaction/", session="99999"), 404)

    core.suggestion_close(user=world.staff, suggestion=s)
    response = api(world.zhang).post(change, body)
    assert code(response, 409) and response.json()["status"] == "closed"


# --- survey ------------------------------------------------------------------------------------
def _deputy(world, name, username):
    deputy = Deputy.objects.create(name=name, group=world.street)
    return User.objects.create_user(
        username=username, password="x", role=Role.DEPUTY, full_name=name, deputy=deputy
    )


def _replied_by_traffic(world, author, index):
    s = core.suggestion_create(
        user=author,
        session=world.session,
        title=f"关于交通问题的建议{index}",
        content="路口拥堵，建议优化信号配时。",
        category=world.category,
        co_signers=[],
        publication_consent="full",
    )
    core.suggestion_submit(user=author, suggestion=s)
    core.suggestion_accept(user=world.staff, suggestion=s)
    core.suggestion_assign(user=world.staff, suggestion=s, lead_unit=world.traffic.pk)
    steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head)
    core.suggestion_approve_reply(user=world.staff, suggestion=s)


def test_survey_cycle_through_the_api(world, api):
    authors = [world.zhang, _deputy(world, "赵敏", "zhaomin"), _deputy(world, "孙磊", "sunlei")]
    for index, author in enumerate(authors):
        _replied_by_traffic(world, author, index)
    survey = ok(
        api(world.staff).post("surveys/", {"session": world.session.pk, "title": "年度调查"}), 201
    )
    pk = survey["id"]
    assert survey["status"] == "draft"
    assert ok(api(world.zhang).get("surveys/"))["count"] == 0  # not yet opened
    assert code(api(world.zhang).get(f"surveys/{pk}/"), 404)
    assert code(api(world.zhang).post(f"surveys/{pk}/actions/open/"), 403)
    assert ok(api(world.staff).post(f"surveys/{pk}/actions/open/"))["status"] == "open"
    assert code(api(world.staff).post(f"surveys/{pk}/actions/open/"), 409)

    detail = ok(api(world.zhang).get(f"surveys/{pk}/"))
    assert detail["units"] == [{"id": world.traffic.pk, "name": world.traffic.name}]
    assert detail["answered"] is False
    answer = f"surveys/{pk}/actions/answer/"
    for author, grade in zip(authors, ["satisfied", "satisfied", "dissatisfied"], strict=True):
        one = {"unit": world.traffic.pk, "satisfaction": grade, "met": True, "comment": "好"}
        ok(api(author).post(answer, {"answers": [one]}), 201)
    assert ok(api(world.zhang).get(f"surveys/{pk}/"))["answered"] is True
    again = api(world.zhang).post(answer, {"answers": [one]})
    assert code(again, 400) and "answers" in again.json()["fields"]
    assert code(api(world.traffic_handler).post(answer, {"answers": "x"}), 403)
    missing = api(world.wang).post(answer, {"answers": []})
    assert code(missing, 400) and "answers" in missing.json()["fields"]

    results = ok(api(world.traffic_handler).get(f"surveys/{pk}/results/"))
    assert results["responses"] == 3
    assert [(r["unit"], r["answers"], r["dissatisfied"]) for r in results["rows"]] == [
        (world.traffic.pk, 3, 1)
    ]
    assert ok(api(world.edu_handler).get(f"surveys/{pk}/results/"))["rows"] == []
    assert code(api(world.zhang).get(f"surveys/{pk}/results/"), 403)
    answers = ok(api(world.staff).get(f"surveys/{pk}/answers/"))
    assert answers["count"] == 3 and {a["deputy_name"] for a in answers["results"]} == {
        "张伟",
        "赵敏",
        "孙磊",
    }
    for user in (world.traffic_handler, world.leader, world.zhang):
        assert code(api(user).get(f"surveys/{pk}/answers/"), 403)
    assert code(api(world.staff).get("surveys/99999/answers/"), 404)

    assert ok(api(world.staff).post(f"surveys/{pk}/actions/close/"))["status"] == "closed"
    late = api(world.wang).post(answer, {"answers": [one]})
    assert code(late, 409) and late.json()["status"] == "closed"
    assert code(api(world.staff).post("surveys/99999/actions/close/"), 404)
    assert code(api(world.zhang).post("surveys/", {"session": world.session.pk, "title": ""}), 403)
    bad = api(world.staff).post("surveys/", {"session": world.session.pk, "title": " "})
    assert code(bad, 400) and "title" in bad.json()["fields"]
    assert SurveyAnswer.objects.count() == 3


def test_survey_lists_cost_the_same_queries_whatever_their_length(world, api):
    def add_survey(n: int):
        survey = services.survey_create(user=world.staff, session=world.session, title=f"调查{n}")
        return services.survey_open(user=world.staff, survey=survey)

    survey = add_survey(1)
    _replied_by_traffic(world, world.zhang, 0)
    answers = f"surveys/{survey.pk}/answers/"

    def answer(author):
        one = {"satisfaction": "satisfied", "met": True, "comment": ""}
        services.survey_answer(user=author, survey=survey, answers={str(world.traffic.pk): one})

    answer(world.zhang)
    lists = [
        (api(world.staff), "surveys/"),
        (api(world.zhang), "surveys/"),
        (api(world.staff), answers),
    ]
    before = [count_queries(lambda c=c, p=p: c.get(p))[0] for c, p in lists]
    for n in range(2, 5):
        add_survey(n)
        author = _deputy(world, f"代表{n}", f"deputy{n}")
        _replied_by_traffic(world, author, n)
        answer(author)
    assert [count_queries(lambda c=c, p=p: c.get(p))[0] for c, p in lists] == before
    assert ok(api(world.staff).get(answers))["count"] == 4


# --- promise extras ----------------------------------------------------------------------------
def _fulfil(world, promise_pk: int) -> None:
    for user in (world.zhang, world.traffic_handler, world.staff):
        services.promise_confirm(user=user, promise=promise_pk)


def test_staff_upgrade_the_class_after_a_fulfilled_promise(world, api):
    _, reply = closed_b_reply(world)
    p1, _p2 = reply.promises.order_by("due_date").values_list("pk", flat=True)
    upgrade = f"promises/{p1}/actions/upgrade_class/"
    response = api(world.staff).post(upgrade, {"result_class": "A"})
    assert code(response, 409) and response.json()["status"] == "B"  # nothing fulfilled yet
    _fulfil(world, p1)
    assert code(api(world.other_handler).post(upgrade, {"result_class": "A"}), 404)
    assert code(api(world.traffic_handler).post(upgrade, {"result_class": "A"}), 403)
    assert code(api(world.zhang).post(upgrade, {"result_class": "Z"}), 403)
    worse = api(world.staff).post(upgrade, {"result_class": "C"})
    assert code(worse, 400) and "result_class" in worse.json()["fields"]
    assert "result_class" in api(world.staff).post(upgrade, {}).json()["fields"]
    body = ok(api(world.staff).post(upgrade, {"result_class": "A"}))
    assert body == {"reply": reply.pk, "result_class": "A", "original_class": "B"}


def test_the_unit_reports_progress_with_evidence_and_parties_download_it(world, api):
    _, reply = closed_b_reply(world)
    p1, p2 = reply.promises.order_by("due_date").values_list("pk", flat=True)
    updates = f"/api/v1/promises/{p1}/updates/"
    photo = SimpleUploadedFile("现场照片.png", PNG, content_type="image/png")
    response = api(world.traffic_handler).client.post(
        updates, {"text": "已完成立杆", "files": [photo]}, format="multipart"
    )
    update = ok(response, 201)
    assert update["text"] == "已完成立杆" and update["evidence"][0]["name"] == "现场照片.png"
    assert update["created_by_name"] == world.traffic_handler.display_name
    evidence = update["evidence"][0]["id"]

    download = api(world.zhang).client.get(f"/api/v1/evidence/{evidence}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG
    assert api(world.staff).client.get(f"/api/v1/evidence/{evidence}/").status_code == 200
    assert code(api(world.other_handler).get(f"evidence/{evidence}/"), 404)
    assert code(api(world.wang).get(f"evidence/{evidence}/"), 404)
    assert code(api(world.zhang).get("evidence/99999/"), 404)
    assert code(api().get(f"evidence/{evidence}/"), 401)

    fake = SimpleUploadedFile("照片.png", b"MZ\x90\x00" * 8, content_type="image/png")
    bad = api(world.traffic_handler).client.post(
        updates, {"text": "再次上传", "files": [fake]}, format="multipart"
    )
    assert code(bad, 400) and "files" in bad.json()["fields"]
    empty = api(world.traffic_handler).client.post(updates, {"text": " "}, format="multipart")
    assert "text" in empty.json()["fields"]
    denied = api(world.edu_handler).client.post(updates, {"text": "x"}, format="multipart")
    assert code(denied, 403)
    hidden = api(world.other_handler).client.post(updates, {"text": "x"}, format="multipart")
    assert code(hidden, 404)
    services.promise_end_unfulfilled(user=world.staff, promise=p2, explanation="资金未到位")
    ended = api(world.traffic_handler).client.post(
        f"/api/v1/promises/{p2}/updates/", {"text": "x"}, format="multipart"
    )
    assert code(ended, 409)
    assert Evidence.objects.count() == 1

    # The updates list: constant queries whatever the number of updates and files.
    before, body = count_queries(lambda: api(world.zhang).get(updates))
    assert body["count"] == 1
    for n in range(3):
        services.promise_report_progress(
            user=world.traffic_handler,
            promise=p1,
            text=f"第{n}次进展",
            files=[SimpleUploadedFile(f"{n}.png", PNG, content_type="image/png")],
        )
    after, body = count_queries(lambda: api(world.zhang).get(updates))
    assert body["count"] == 4 and after == before
    assert code(api(world.other_handler).get(updates), 404)
    assert KeyItem.objects.count() == 0


def test_only_leaders_list_the_key_items_they_lead(world, api):
    assert ok(api(world.leader).get("key_items/mine/"))["results"] == []
    for user in (world.staff, world.traffic_handler, world.zhang):
        assert code(api(user).get("key_items/mine/"), 403) == "permission_denied"
