"""The office features through /api/v1/ alone: Excel import (preview with row problems, then
commit), the ledger and the printed documents, search and similar suggestions (role-scoped),
and the two-tier dispatch cycle; errors in the order 404 → 409 → 403 → 400."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from office.documents.pdf import pdf_available
from office.importing import suggestions as imp
from suggestions.downloads import DOCX, PDF, XLSX
from suggestions.models import AssignmentStatus, Role, Status, Suggestion, Unit, User
from tests import steps
from tests.api.client import ok
from tests.office.workbooks import ROW, xlsx


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, kind: str, workbook):
    return client.client.post(
        f"/api/v1/office/imports/{kind}/preview/", {"file": workbook}, format="multipart"
    )


def count_queries(call) -> tuple[int, object]:
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        body = ok(call())
    return len(ctx.captured_queries), body


# --- import -----------------------------------------------------------------------------------
def test_import_previews_row_problems_then_commits_the_corrected_workbook(world, api):
    staff = api(world.staff)
    bad = [*ROW[:2], "查无此人", *ROW[3:]]
    preview = ok(upload(staff, "suggestions", xlsx(imp.HEADERS, [ROW, bad])))
    assert preview["ok"] is False
    rows = {r["row"]: r for r in preview["rows"]}
    assert rows[2]["problems"] == [] and rows[3]["problems"]
    assert "查无此人" in rows[3]["problems"][0]
    # Committing a workbook with a problem row saves nothing and names the row.
    refused = staff.post("office/imports/suggestions/commit/", {"token": preview["token"]})
    body = ok(refused, 400)
    assert list(body["fields"]) == ["rows.3"]
    assert Suggestion.objects.count() == 0

    fixed = ok(upload(staff, "suggestions", xlsx(imp.HEADERS, [ROW])))
    assert fixed["ok"] is True
    done = ok(staff.post("office/imports/suggestions/commit/", {"token": fixed["token"]}), 201)
    assert (done["saved"], done["skipped"]) == (1, 0)
    created = Suggestion.objects.get(pk=done["rows"][0]["suggestion"])
    assert created.title == ROW[0] and created.status == Status.SUBMITTED
    assert created.lead_deputy.name == "张伟"
    # The token is spent; the same workbook again is recognised and skipped.
    again = ok(staff.post("office/imports/suggestions/commit/", {"token": fixed["token"]}), 400)
    assert "token" in again["fields"]
    rerun = ok(upload(staff, "suggestions", xlsx(imp.HEADERS, [ROW])))
    assert rerun["rows"][0]["action"] == "skip"


def test_import_is_staff_only_and_refuses_bad_files(world, api):
    unit = api(world.traffic_handler)
    assert ok(upload(unit, "suggestions", xlsx(imp.HEADERS, [ROW])), 403)["code"]
    assert unit.get("office/imports/suggestions/template/").status_code == 403
    assert unit.post("office/imports/suggestions/commit/", {}).status_code == 403
    staff = api(world.staff)
    garbage = io.BytesIO(b"not a workbook")
    garbage.name = "x.xlsx"
    assert "file" in ok(upload(staff, "suggestions", garbage), 400)["fields"]
    assert (
        "file"
        in ok(staff.client.post("/api/v1/office/imports/suggestions/preview/"), 400)["fields"]
    )
    assert "token" in ok(staff.post("office/imports/directory/commit/", {}), 400)["fields"]
    made_up = staff.post("office/imports/directory/commit/", {"token": "../../etc/passwd"})
    assert "token" in ok(made_up, 400)["fields"]


def test_import_templates_are_workbooks_with_the_headers(world, api):
    staff = api(world.staff)
    response = staff.get("office/imports/suggestions/template/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == imp.HEADERS
    directory = staff.get("office/imports/directory/template/")
    assert load_workbook(io.BytesIO(directory.content)).sheetnames == ["单位", "代表", "账号"]


def test_directory_preview_never_echoes_initial_passwords(world, api):
    from office.importing import directory

    book = io.BytesIO()
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "单位"
    wb.active.append(directory.UNIT_HEADERS)
    wb.create_sheet("代表").append(directory.DEPUTY_HEADERS)
    accounts = wb.create_sheet("账号")
    accounts.append(directory.ACCOUNT_HEADERS)
    accounts.append(["newstaff", "新同事", "工作人员", "", "", "S3cret-Passw0rd!"])
    wb.save(book)
    book.seek(0)
    book.name = "d.xlsx"
    preview = ok(upload(api(world.staff), "directory", book))
    row = preview["rows"][0]
    assert row["sheet"] == "账号" and row["values"]["初始密码"] == "******"
    assert "S3cret" not in str(preview)


# --- ledger and documents ---------------------------------------------------------------------
def test_ledger_is_a_workbook_of_what_the_caller_may_see(world, api):
    mine = steps.assigned(world, title="交通局的建议")
    steps.submitted(world, title="尚未交办的建议")
    response = api(world.staff).get("office/ledger/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3  # header + two suggestions
    unit_rows = load_workbook(io.BytesIO(api(world.traffic_handler).get("office/ledger/").content))
    titles = [c for r in unit_rows.active.iter_rows(values_only=True) for c in r]
    assert mine.title in titles and "尚未交办的建议" not in titles
    filtered = api(world.staff).get("office/ledger/", status="submitted")
    assert len(list(load_workbook(io.BytesIO(filtered.content)).active.iter_rows())) == 2
    assert "status" in ok(api(world.staff).get("office/ledger/", status="nonsense"), 400)["fields"]
    assert api().get("office/ledger/").status_code == 401


def _is_docx(response) -> bool:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == DOCX
    return "word/document.xml" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_documents_download_as_docx_with_the_web_permissions(world, api):
    s = steps.replied(world)
    reply = s.assignments.get(unit=world.traffic).replies.get()
    notice = steps.assignment_of(s, world.traffic)
    staff, unit = api(world.staff), api(world.traffic_handler)
    assert _is_docx(staff.get(f"replies/{reply.pk}/letter/"))
    assert _is_docx(api(world.zhang).get(f"replies/{reply.pk}/letter/"))  # approved: formal
    assert _is_docx(staff.get(f"suggestions/{s.pk}/feedback_form/", deputy=s.lead_deputy_id))
    assert _is_docx(unit.get(f"assignments/{notice.pk}/notice/"))
    # 404 for what the caller may not see, 403 for what it sees but may not print.
    assert ok(api(world.other_handler).get(f"replies/{reply.pk}/letter/"), 404)
    assert ok(api(world.zhang).get(f"suggestions/{s.pk}/feedback_form/"), 403)
    edu_notice = steps.assignment_of(s, world.edu)
    assert ok(unit.get(f"assignments/{edu_notice.pk}/notice/"), 403)
    assert ok(unit.get("assignments/999999/notice/"), 404)
    huge = staff.get(f"suggestions/{s.pk}/feedback_form/", deputy="9" * 30)
    assert _is_docx(huge)  # an impossible deputy id prints no name rather than failing


def test_a_draft_reply_letter_is_not_for_the_deputy(world, api):
    s = steps.handled(world)
    reply = s.assignments.get(unit=world.traffic).replies.get()
    assert ok(api(world.zhang).get(f"replies/{reply.pk}/letter/"), 403)
    assert _is_docx(api(world.traffic_handler).get(f"replies/{reply.pk}/letter/"))


def test_an_unmet_accept_header_is_a_json_406(world, api):
    s = steps.replied(world)
    client = api(world.staff).client
    response = client.get(f"/api/v1/suggestions/{s.pk}/feedback_form/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406 and response.json()["code"] == "not_acceptable"
    missing = client.get("/api/v1/suggestions/999999/feedback_form/", HTTP_ACCEPT=PDF)
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice (soffice) is not installed")
def test_documents_as_pdf_when_asked_for(world, api):
    s = steps.replied(world)
    response = api(world.staff).client.get(
        f"/api/v1/suggestions/{s.pk}/feedback_form/", HTTP_ACCEPT=PDF
    )
    assert response.status_code == 200 and response["Content-Type"] == PDF
    assert response.content.startswith(b"%PDF")


# --- search and similar -----------------------------------------------------------------------
def test_search_finds_only_what_the_caller_may_see(world, api, django_capture_on_commit_callbacks):
    from suggestions import services

    with django_capture_on_commit_callbacks(execute=True):  # the search index follows commits
        traffic = steps.assigned(world, title="关于学校周边信号灯的建议")
        env_only = steps.accepted(world, title="关于学校绿地的建议")
        services.suggestion_assign(user=world.staff, suggestion=env_only, lead_unit=world.env.pk)
    staff_hits = ok(api(world.staff).get("office/search/", q="学校"))
    assert {h["id"] for h in staff_hits["results"]} == {traffic.pk, env_only.pk}
    unit_hits = ok(api(world.traffic_handler).get("office/search/", q="学校"))
    assert [h["id"] for h in unit_hits["results"]] == [traffic.pk]
    assert ok(api(world.other_handler).get("office/search/", q="学校"))["count"] == 0
    assert "q" in ok(api(world.staff).get("office/search/"), 400)["fields"]
    assert api().get("office/search/", q="学校").status_code == 401


def test_similar_while_drafting_and_review_help_for_staff(
    world, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows commits
        s = steps.assigned(world, title="关于增设学校周边交通信号灯的建议")
        new = steps.submitted(world, title="关于学校周边增设交通信号灯的建议")
        steps.submitted(world, title="关于加强河道治理的建议")
    matches = ok(api(world.zhang).get("office/similar/", title="学校周边交通信号灯"))
    assert s.pk in [m["suggestion"]["id"] for m in matches]
    assert ok(api(world.traffic_handler).get("office/similar/", title="信号灯"), 403)
    help_ = ok(api(world.staff).get(f"suggestions/{new.pk}/review_help/"))
    assert s.pk in [m["suggestion"]["id"] for m in help_["matches"]]
    assert world.traffic.pk in [p["unit"]["id"] for p in help_["proposals"]]
    assert ok(api(world.zhang).get(f"suggestions/{new.pk}/review_help/"), 403)
    assert ok(api(world.other_handler).get(f"suggestions/{new.pk}/review_help/"), 404)


def test_search_and_forwarded_lists_cost_constant_queries(
    world, api, gov, django_capture_on_commit_callbacks
):
    staff = api(world.staff)
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows commits
        steps.assigned(world, title="学校第一件")
    parent = _dispatched(world, api)
    lists = [
        (staff, "office/search/", {"q": "学校"}),
        (api(world.gov_handler), f"assignments/{parent.pk}/forwarded/", {}),
    ]
    before = [count_queries(lambda c=c, p=p, q=q: c.get(p, **q))[0] for c, p, q in lists]
    from office.search.index import index_suggestions

    # The index follows commits, which a test's transaction never makes: build it now.
    for n in range(3):
        steps.assigned(world, title=f"学校第{n + 2}件")
    index_suggestions(Suggestion.objects.values_list("pk", flat=True))
    world.civ_dept = world.other
    Unit.objects.filter(pk=world.other.pk).update(parent=world.gov)
    ok(
        api(world.gov_handler).post(
            f"assignments/{parent.pk}/actions/forward/", {"departments": [world.other.pk]}
        )
    )
    after = [count_queries(lambda c=c, p=p, q=q: c.get(p, **q)) for c, p, q in lists]
    assert after[0][1]["count"] == 5 and after[1][1]["count"] == 3
    assert [n for n, _b in after] == before


# --- two-tier dispatch ------------------------------------------------------------------------
@pytest.fixture
def gov(world):
    office = Unit.objects.create(code="GOV", name="区政府办公室（督查室）", is_dispatcher=True)
    Unit.objects.filter(pk__in=[world.edu.pk, world.traffic.pk]).update(parent=office)
    world.gov = office
    world.gov_handler = User.objects.create_user(
        username="gov1", role=Role.UNIT_HANDLER, full_name="督查室联络员", unit=office
    )
    world.gov_head = User.objects.create_user(
        username="gov_head", role=Role.UNIT_HEAD, full_name="政府办主任", unit=office
    )
    return world


def _dispatched(world, api):
    """A suggestion assigned to the dispatcher and forwarded to education and traffic."""
    s = steps.accepted(world)
    ok(api(world.staff).act("suggestions", s.pk, "assign", {"lead_unit": world.gov.pk}))
    parent = steps.assignment_of(s, world.gov)
    gov = api(world.gov_handler)
    ok(gov.act("assignments", parent.pk, "sign"))
    forwarded = ok(
        gov.act(
            "assignments", parent.pk, "forward", {"departments": [world.edu.pk, world.traffic.pk]}
        )
    )
    assert sorted(f["unit"]["id"] for f in forwarded) == sorted([world.edu.pk, world.traffic.pk])
    return parent


def _dept_reply(api, child_pk: int, handler, head, text: str):
    h = api(handler)
    if ok(h.get(f"assignments/{child_pk}/"))["status"] == AssignmentStatus.ASSIGNED:
        ok(h.act("assignments", child_pk, "sign"))
    ok(h.act("assignments", child_pk, "draft_reply", {"result_class": "A", "text": text}))
    ok(api(head).act("assignments", child_pk, "sign_off"))


def test_two_tier_cycle_through_the_api(gov, api):
    world = gov
    parent = _dispatched(world, api)
    dispatcher = api(world.gov_handler)
    children = {
        f["unit"]["id"]: f["id"]
        for f in ok(dispatcher.get(f"assignments/{parent.pk}/forwarded/"))["results"]
    }
    edu, traffic = children[world.edu.pk], children[world.traffic.pk]
    # Each department finds its assignment in its own list.
    assert edu in [a["id"] for a in ok(api(world.edu_handler).get("assignments/"))["results"]]
    _dept_reply(api, edu, world.edu_handler, world.edu_head, "我局将在校门口设置护学岗。")
    _dept_reply(api, traffic, world.traffic_handler, world.traffic_head, "初稿")
    # Not every reply is acceptable yet? All are signed off: but first return the thin one.
    returned = ok(dispatcher.act("assignments", traffic, "return_forwarded", {"reason": "太简单"}))
    assert returned["status"] == AssignmentStatus.SIGNED
    early = ok(
        dispatcher.act("assignments", parent.pk, "accept_forwarded", {"result_class": "A"}), 409
    )
    assert early["status"] == AssignmentStatus.SIGNED
    h = api(world.traffic_handler)
    ok(
        h.act(
            "assignments", traffic, "draft_reply", {"result_class": "A", "text": "已安装信号灯。"}
        )
    )
    ok(api(world.traffic_head).act("assignments", traffic, "sign_off"))
    accepted = ok(
        dispatcher.act("assignments", parent.pk, "accept_forwarded", {"result_class": "A"})
    )
    assert "区交通运输局：已安装信号灯。" in accepted["replies"][0]["text"]
    ok(api(world.gov_head).act("assignments", parent.pk, "sign_off"))
    assert steps.refreshed(parent.suggestion).status == Status.HANDLED


def test_two_tier_errors_in_order(gov, api):
    world = gov
    s = steps.accepted(world)
    ok(api(world.staff).act("suggestions", s.pk, "assign", {"lead_unit": world.gov.pk}))
    parent = steps.assignment_of(s, world.gov)
    dispatcher, body = api(world.gov_handler), {"departments": [world.edu.pk, world.traffic.pk]}
    # 404: a unit not involved does not see it; a missing id neither.
    assert ok(api(world.env_handler).act("assignments", parent.pk, "forward", body), 404)
    assert ok(dispatcher.act("assignments", 999999, "forward", body), 404)
    # 409: not signed for yet — even with a malformed body.
    assert ok(dispatcher.act("assignments", parent.pk, "forward", {}), 409)["status"] == "assigned"
    ok(dispatcher.act("assignments", parent.pk, "sign"))
    # 403: staff see it but do not forward for the unit.
    assert ok(api(world.staff).act("assignments", parent.pk, "forward", {}), 403)
    # 400: a malformed body, or a unit that is not one of its departments.
    assert (
        "departments" in ok(dispatcher.act("assignments", parent.pk, "forward", {}), 400)["fields"]
    )
    other = {"departments": [world.env.pk]}
    assert (
        "departments"
        in ok(dispatcher.act("assignments", parent.pk, "forward", other), 400)["fields"]
    )
    forwarded = ok(dispatcher.act("assignments", parent.pk, "forward", body))
    child = next(f["id"] for f in forwarded if f["unit"]["id"] == world.edu.pk)
    # Returning a reply not yet signed off: 409; by a sibling department: 404/403; no reason: 400.
    assert ok(dispatcher.act("assignments", child, "return_forwarded", {"reason": "x"}), 409)
    _dept_reply(api, child, world.edu_handler, world.edu_head, "答复")
    assert ok(api(world.env_handler).act("assignments", child, "return_forwarded", {}), 404)
    assert ok(api(world.traffic_handler).act("assignments", child, "return_forwarded", {}), 403)
    assert (
        "reason" in ok(dispatcher.act("assignments", child, "return_forwarded", {}), 400)["fields"]
    )
    # Accepting: not before every department signed off (409); then only the dispatcher (403),
    # with a result class (400).
    assert ok(dispatcher.act("assignments", parent.pk, "accept_forwarded", {}), 409)
    sibling = next(f["id"] for f in forwarded if f["unit"]["id"] == world.traffic.pk)
    _dept_reply(api, sibling, world.traffic_handler, world.traffic_head, "答复")
    assert ok(api(world.edu_handler).act("assignments", parent.pk, "accept_forwarded", {}), 403)
    bad = ok(
        dispatcher.act("assignments", parent.pk, "accept_forwarded", {"result_class": "Z"}), 400
    )
    assert "result_class" in bad["fields"]
    # A unit that is no dispatcher has nothing forwarded: 409 for anyone.
    plain = steps.assigned(world, title="普通交办")
    traffic_a = steps.assignment_of(plain, world.traffic)
    assert ok(
        api(world.traffic_handler).act(
            "assignments", traffic_a.pk, "accept_forwarded", {"result_class": "A"}
        ),
        409,
    )
    # The progress list: the dispatcher's own; a deputy sees the assignment but not the list.
    assert ok(api(world.zhang).get(f"assignments/{parent.pk}/forwarded/"), 403)
    assert ok(api(world.edu_handler).get(f"assignments/{parent.pk}/forwarded/"), 404)


def test_pdf_without_libreoffice_is_a_406_naming_the_docx(world, api, monkeypatch):
    s = steps.replied(world)
    monkeypatch.setenv("PATH", "/nonexistent")  # no soffice to be found
    response = api(world.staff).client.get(
        f"/api/v1/suggestions/{s.pk}/feedback_form/", HTTP_ACCEPT=PDF
    )
    assert response.status_code == 406 and ".docx" in response.json()["detail"]


def test_staff_enter_a_paper_feedback_form(world, api):
    from suggestions import services
    from suggestions.models import Deputy

    zhao = Deputy.objects.create(name="赵六", group=world.street)
    s = services.suggestion_create(
        user=world.staff,
        session=world.session,
        title="关于增设社区绿地的建议",
        content="老旧小区缺少绿地，建议增设口袋公园。",
        category=world.category,
        lead_deputy=zhao,
    )
    url = f"suggestions/{s.pk}/paper_rating/"
    form = {"deputy": zhao.pk, "process": "satisfied", "result": "satisfied", "met": True}
    assert ok(api(world.staff).post(url, form), 409)["status"] == Status.DRAFT
    services.suggestion_submit(user=world.staff, suggestion=s)
    services.suggestion_accept(user=world.staff, suggestion=s)
    services.suggestion_assign(user=world.staff, suggestion=s, lead_unit=world.env.pk)
    steps.reply(world, s, world.env, world.env_handler, world.env_head, result_class="A")
    services.suggestion_approve_reply(user=world.staff, suggestion=s)
    assert ok(api(world.other_handler).post(url, form), 404)
    assert ok(api(world.env_handler).post(url, form), 403)
    assert "process" in ok(api(world.staff).post(url, {**form, "process": "x"}), 400)["fields"]
    with_account = {**form, "deputy": world.zhang.deputy_id}
    assert "deputy" in ok(api(world.staff).post(url, with_account), 400)["fields"]
    rating = ok(api(world.staff).post(url, form), 201)
    assert rating["deputy"]["id"] == zhao.pk
    assert s.ratings.get().entered_by_staff
    assert steps.refreshed(s).status == Status.RATED


def test_similar_and_review_help_cost_constant_queries(world, api):
    from office.search.index import index_suggestions

    def make(n: int):
        made = [
            steps.assigned(world, title=f"关于学校周边交通信号灯的建议（{i}）") for i in range(n)
        ]
        index_suggestions([s.pk for s in made])  # the index follows commits; build it now

    make(1)
    new = steps.submitted(world, title="关于学校周边增设交通信号灯的建议")
    index_suggestions([new.pk])
    deputy, staff = api(world.zhang), api(world.staff)
    calls = [
        lambda: deputy.get("office/similar/", title="学校周边交通信号灯"),
        lambda: staff.get(f"suggestions/{new.pk}/review_help/"),
    ]
    before = [count_queries(c) for c in calls]
    make(3)
    after = [count_queries(c) for c in calls]
    assert len(before[0][1]) < len(after[0][1]) and len(after[1][1]["matches"]) >= 4
    assert [n for n, _b in after] == [n for n, _b in before]
