"""Publication, awards, the deputy archive and the exports through /api/v1/, as the personas who
use them on the web pages: the same services, the same results, errors 404 → 409 → 403 → 400."""

from __future__ import annotations

import csv
import io

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from disclosure import services
from disclosure.models import Publication
from suggestions.models import Event, Suggestion
from tests import steps
from tests.api.client import ok
from tests.disclosure.data import build

PRIVATE = "请联系我：13812345678，住址东城路12号。"


def replied_with(world, *, consent="full", content=None, title="关于公开的建议"):
    s = steps.replied(world, title=title)
    Suggestion.objects.filter(pk=s.pk).update(
        publication_consent=consent, content=content or s.content
    )
    return steps.refreshed(s)


def publish(world, suggestion) -> Publication:
    publication = services.publication_prepare(user=world.staff, suggestion=suggestion)
    return services.publication_publish(user=world.staff, publication=publication)


def count_queries(call) -> tuple[int, dict]:
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        body = ok(call())
    return len(ctx.captured_queries), body


# --- publication ------------------------------------------------------------------------------
def test_staff_redact_and_publish_then_the_public_sees_only_the_redacted_copy(world, api):
    s = replied_with(world, content=PRIVATE)
    staff = api(world.staff)
    queue = ok(staff.get("publications/", state="unprepared"))
    assert [row["id"] for row in queue["results"]] == [s.pk]
    assert queue["results"][0]["publication"] is None

    refused = staff.post(f"publications/{s.pk}/actions/publish/")
    assert refused.status_code == 400 and "13812345678" in " ".join(
        refused.json()["fields"]["content"]
    )
    # The working copy prepared on the way is rolled back with the refusal.
    assert not Publication.objects.filter(suggestion=s).exists()

    saved = ok(
        staff.post(f"publications/{s.pk}/actions/update/", {"content": "请联系我（已隐去）。"})
    )
    assert saved["publication"]["state"] == "draft" and saved["publication"]["findings"] == {}
    published = ok(staff.post(f"publications/{s.pk}/actions/publish/"))
    assert published["publication"]["state"] == "published"

    public = ok(api().get("public/suggestions/"))
    assert [row["title"] for row in public["results"]] == [s.title]
    detail = ok(api().get(f"public/suggestions/{public['results'][0]['id']}/"))
    assert detail["content"] == "请联系我（已隐去）。" and "13812345678" not in str(detail)
    assert steps.refreshed(s).content == PRIVATE  # the original is never changed

    ok(staff.post(f"publications/{s.pk}/actions/withdraw/", {"reason": "代表要求"}))
    assert api().get(f"public/suggestions/{detail['id']}/").status_code == 404
    assert ok(api().get("public/suggestions/"))["count"] == 0


def test_title_only_consent_keeps_the_content_out_of_the_public_record(world, api):
    s = replied_with(world, consent="title")
    staff = api(world.staff)
    ok(staff.post(f"publications/{s.pk}/actions/prepare/"))
    refused = staff.post(f"publications/{s.pk}/actions/update/", {"content": "全文"})
    assert refused.status_code == 400 and "content" in refused.json()["fields"]
    ok(staff.post(f"publications/{s.pk}/actions/publish/"))
    row = ok(api().get("public/suggestions/"))["results"][0]
    assert row["content"] == "" and row["title"] == s.title


def test_publication_errors_come_in_order(world, api):
    replied = replied_with(world)
    assigned = steps.assigned(world, title="尚未答复")
    staff, zhang = api(world.staff), api(world.zhang)

    assert staff.post("publications/999999/actions/prepare/").status_code == 404
    assert api(world.wang).post(f"publications/{replied.pk}/actions/prepare/").status_code == 404
    # Impossible for anyone: 409 even for a caller who may not publish at all.
    for caller in (staff, zhang):
        refused = caller.post(f"publications/{assigned.pk}/actions/prepare/")
        assert refused.status_code == 409 and refused.json()["status"] == "assigned"
    refused = staff.post(f"publications/{replied.pk}/actions/withdraw/")
    assert refused.status_code == 409
    # Possible, but not for a deputy — even with a malformed body.
    assert zhang.post(f"publications/{replied.pk}/actions/prepare/").status_code == 403
    assert (
        zhang.post(f"publications/{replied.pk}/actions/update/", {"title": []}).status_code == 403
    )
    assert zhang.get("publications/").status_code == 403
    assert zhang.get(f"publications/{replied.pk}/").status_code == 403
    bad = staff.post(f"publications/{replied.pk}/actions/update/", {"title": "  "})
    assert bad.status_code == 400 and "title" in bad.json()["fields"]
    bad = staff.post(f"publications/{replied.pk}/actions/update/", {"title": ["x"]})
    assert bad.status_code == 400 and "title" in bad.json()["fields"]
    none = replied_with(world, consent="none", title="不公开")
    assert staff.post(f"publications/{none.pk}/actions/prepare/").status_code == 409
    assert api().get("publications/").status_code == 401


def test_refusals_are_in_chinese_by_default(world, api):
    assigned = steps.assigned(world)
    refused = api(world.staff, lang="zh-hans").post(f"publications/{assigned.pk}/actions/prepare/")
    assert refused.status_code == 409 and "答复" in refused.json()["detail"]


# --- awards -----------------------------------------------------------------------------------
def test_staff_run_an_award_selection_and_the_public_sees_the_results(world, api):
    known = build(world)
    staff, session = api(world.staff), world.session.pk
    assert ok(staff.get(f"awards/{session}/"))["selection"] is None
    assert ok(api().get("public/awards/", session=session))["results"] is None

    opened = ok(
        staff.post(
            f"awards/{session}/actions/open/",
            {"min_satisfaction": "0.6", "excellent_count": 1},
        )
    )
    assert opened["selection"]["state"] == "open"
    traffic = next(u for u in opened["ranking"] if u["name"] == "区交通运输局")
    assert (traffic["rank"], traffic["score"], traffic["awarded"]) == (1, "77.50", True)
    assert staff.post(f"awards/{session}/actions/open/").status_code == 409

    bad = staff.post(f"awards/{session}/actions/nominate/", {"suggestion": known.s7.pk})
    assert bad.status_code == 400 and "suggestion" in bad.json()["fields"]
    for s in (known.s1, known.s4):
        body = {"suggestion": s.pk, "reason": "推荐"}
        ok(staff.post(f"awards/{session}/actions/nominate/", body))
    nominations = ok(staff.get(f"awards/{session}/"))["nominations"]
    by_title = {n["title"]: n["id"] for n in nominations}
    assert staff.post(f"awards/{session}/actions/publish/").status_code == 400  # unscored
    bad = staff.post(f"awards/nominations/{by_title['建议一']}/actions/score/", {"score": 101})
    assert bad.status_code == 400 and "score" in bad.json()["fields"]
    assert (
        api(world.leader)
        .post(f"awards/nominations/{by_title['建议一']}/actions/score/", {"score": "x"})
        .status_code
        == 403
    )
    ok(staff.post(f"awards/nominations/{by_title['建议一']}/actions/score/", {"score": 70}))
    ok(staff.post(f"awards/nominations/{by_title['建议四']}/actions/score/", {"score": 88}))
    done = ok(staff.post(f"awards/{session}/actions/publish/"))
    assert done["selection"]["state"] == "published" and done["ranking"] == []

    public = ok(api().get("public/awards/", session=session))["results"]
    assert [n["title"] for n in public["suggestions"]] == ["建议四"]
    assert "reason" not in public["suggestions"][0]
    assert [u["name"] for u in public["units"] if u["awarded"]] == ["区交通运输局"]
    late = staff.post(f"awards/{session}/actions/nominate/", {"suggestion": known.s2.pk})
    assert late.status_code == 409 and late.json()["status"] == "published"


def test_award_errors_come_in_order(world, api):
    session = world.session.pk
    staff, leader = api(world.staff), api(world.leader)
    assert staff.get("awards/999999/").status_code == 404
    assert leader.get(f"awards/{session}/").status_code == 403
    # Nothing opened yet: impossible for anyone.
    assert leader.post(f"awards/{session}/actions/nominate/", {}).status_code == 409
    assert (
        leader.post(f"awards/{session}/actions/open/", {"excellent_count": "x"}).status_code == 403
    )
    bad = staff.post(f"awards/{session}/actions/open/", {"excellent_count": 0})
    assert bad.status_code == 400 and "excellent_count" in bad.json()["fields"]
    assert staff.post("awards/nominations/999999/actions/score/", {"score": 1}).status_code == 404
    assert api().get("public/awards/", session=999999).status_code == 404
    assert api().get("public/awards/", session="x").status_code == 400


# --- deputy archive ---------------------------------------------------------------------------
def test_public_and_internal_deputy_records(world, api):
    known = build(world)
    publication = publish(world, known.s1)
    rows = {d["name"]: d for d in ok(api().get("public/deputies/"))["results"]}
    assert (rows["张伟"]["led"], rows["张伟"]["ratings_given"]) == (8, 4)
    assert (rows["李娜"]["cosigned"], rows["李娜"]["led_published"]) == (8, 0)

    li = ok(api().get(f"public/deputies/{world.li.deputy_id}/"))
    assert [p["id"] for p in li["published_cosigned"]] == [publication.pk]
    assert li["published_led"] == [] and "ratings" not in li

    url = f"deputies/{world.zhang.deputy_id}/archive/"
    for user in (world.staff, world.leader, world.zhang):
        record = ok(api(user).get(url))
        assert known.s2.title in [s["title"] for s in record["led_suggestions"]]
        assert len(record["ratings"]) == 4
    for user in (world.li, world.traffic_handler):
        assert api(user).get(url).status_code == 403
    assert api(world.staff).get("deputies/999999/archive/").status_code == 404
    assert api().get(url).status_code == 401
    assert api().get("public/deputies/999999/").status_code == 404


# --- exports ----------------------------------------------------------------------------------
def test_staff_download_the_workbook_with_the_figures(world, api):
    build(world)
    response = api(world.staff).get("stats/export.xlsx", session=world.session.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    totals = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {r[0]: r[1:4] for r in totals.iter_rows(values_only=True)}
    assert rows["Reply rate"] == (4, 5, 0.8)


def test_leaders_download_the_report(world, api):
    build(world)
    response = api(world.leader).get("stats/report.docx", session=world.session.pk)
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "答复率80.0%（4/5）" in text


def test_exports_refuse_the_wrong_caller_and_bad_sessions(world, api):
    assert api(world.zhang).get("stats/export.xlsx").status_code == 403
    assert api(world.traffic_handler).get("stats/report.docx").status_code == 403
    assert api().get("stats/export.xlsx").status_code == 401
    staff = api(world.staff)
    assert staff.get("stats/export.xlsx", session="abc").status_code == 400
    assert staff.get("stats/report.docx", session=999999).status_code == 404


def test_open_data_holds_the_published_suggestions_only(world, api):
    published = replied_with(world, title="已公开的建议")
    replied_with(world, title="未公开的建议")
    publish(world, published)
    response = api().get("public/suggestions/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == ["已公开的建议"]
    data = ok(api().get("public/suggestions/export.json"))
    assert data["count"] == 1 and data["results"][0]["title"] == "已公开的建议"
    assert ok(api().get("public/suggestions/export.json", q="未公开"))["count"] == 0


# --- query counts -----------------------------------------------------------------------------
def test_list_queries_do_not_grow_with_the_number_of_rows(world, api):
    publish(world, replied_with(world, title="第一件"))
    staff = api(world.staff)
    lists = [
        (staff, "publications/"),
        (api(), "public/suggestions/"),
        (api(), "public/deputies/"),
        (staff, f"deputies/{world.zhang.deputy_id}/archive/"),
        (api(), f"public/deputies/{world.li.deputy_id}/"),
    ]
    before = [count_queries(lambda c=c, p=p: c.get(p))[0] for c, p in lists]
    for n in range(3):
        publish(world, replied_with(world, title=f"第{n + 2}件"))
    after = [count_queries(lambda c=c, p=p: c.get(p))[0] for c, p in lists]
    assert after == before
    assert ok(staff.get("publications/"))["count"] == 4


def test_award_nominations_cost_the_same_queries_however_many(world, api):
    staff, session = api(world.staff), world.session.pk
    ok(staff.post(f"awards/{session}/actions/open/", {"min_satisfaction": "0"}))
    first = steps.replied(world, title="第一件")
    ok(staff.post(f"awards/{session}/actions/nominate/", {"suggestion": first.pk}))
    before, _ = count_queries(lambda: staff.get(f"awards/{session}/"))
    for n in range(3):
        s = steps.replied(world, title=f"第{n + 2}件")
        ok(staff.post(f"awards/{session}/actions/nominate/", {"suggestion": s.pk}))
    after, body = count_queries(lambda: staff.get(f"awards/{session}/"))
    assert len(body["nominations"]) == 4 and after == before


def test_each_publication_action_logs_one_event_and_reading_logs_none(world, api):
    s = replied_with(world, content=PRIVATE)
    staff = api(world.staff)

    def verbs_after(call) -> list[tuple[str, str]]:
        since = Event.objects.order_by("-id").values_list("id", flat=True).first()
        ok(call())
        new = Event.objects.filter(suggestion=s, pk__gt=since).select_related("actor")
        return [(e.verb, e.actor.username) for e in new]

    me = world.staff.username
    assert verbs_after(lambda: staff.get(f"publications/{s.pk}/")) == []
    assert verbs_after(lambda: staff.post(f"publications/{s.pk}/actions/prepare/")) == [
        ("publication_prepared", me)
    ]
    assert verbs_after(lambda: staff.post(f"publications/{s.pk}/actions/prepare/")) == []
    update = f"publications/{s.pk}/actions/update/"
    assert verbs_after(lambda: staff.post(update, {"content": "已隐去"})) == [
        ("publication_edited", me)
    ]
    assert verbs_after(lambda: staff.get(f"publications/{s.pk}/")) == []
    assert verbs_after(lambda: staff.post(f"publications/{s.pk}/actions/publish/")) == [
        ("published", me)
    ]

    # The deputy's timeline says it happened; which texts staff edited stays with staff.
    deputy_view = ok(api(world.zhang).get(f"suggestions/{s.pk}/events/"))["results"]
    edited = next(e for e in deputy_view if e["verb"] == "publication_edited")
    assert edited["payload"] is None and edited["actor"] == world.staff.display_name
    staff_view = ok(staff.get(f"suggestions/{s.pk}/events/"))["results"]
    edited = next(e for e in staff_view if e["verb"] == "publication_edited")
    assert edited["payload"]["fields"] == ["content"]
