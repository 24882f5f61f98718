"""The public site and the statistics pages: what they show, filters, exports, query counts,
and that no personal detail ever leaks."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure import services
from disclosure.models import Publication
from suggestions import services as core
from suggestions.models import Deputy, Suggestion
from tests import steps
from tests.disclosure.data import build

PHONE = "13912345678"
EMAIL = "lina.private@example.com"
ID_NUMBER = "11010519491231002X"
LEAKS = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|[\w.+-]+@[\w-]+\.[\w.]+|(?<!\d)\d{17}[\dXx]")


def published(world, title="关于增设学校周边交通信号灯的建议", consent="full", **kwargs):
    s = steps.replied(world, title=title, **kwargs)
    Suggestion.objects.filter(pk=s.pk).update(publication_consent=consent)
    p = services.publication_prepare(user=world.staff, suggestion=s)
    return services.publication_publish(user=world.staff, publication=p)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_public_list_and_detail_show_published_only(world, client):
    shown = published(world, title="公开的建议")
    steps.replied(world, title="未公开的建议")
    page = client.get("/public/suggestions/").content.decode()
    assert "公开的建议" in page and "未公开的建议" not in page
    detail = client.get(f"/public/suggestions/{shown.pk}/").content.decode()
    for text in ("张伟", "李娜", "区交通运输局", "吴科长", "经研究", "<td>A</td>"):
        assert text in detail, text
    hidden = Publication.objects.create(suggestion=steps.replied(world), title="草稿")
    assert client.get(f"/public/suggestions/{hidden.pk}/").status_code == 404
    # The deputy withdraws consent after publication: the page disappears at once.
    Suggestion.objects.filter(pk=shown.suggestion_id).update(publication_consent="none")
    assert client.get(f"/public/suggestions/{shown.pk}/").status_code == 404


def test_public_list_filters(world, client):
    published(world, title="甲建议")
    b = published(world, title="乙建议")
    Publication.objects.filter(pk=b.pk).update(result_class="C")
    assert "乙建议" not in client.get("/public/suggestions/?class=A").content.decode()
    assert "乙建议" in client.get("/public/suggestions/?class=C").content.decode()
    assert "甲建议" not in client.get("/public/suggestions/?q=乙").content.decode()
    page = client.get(f"/public/suggestions/?unit={world.other.pk}").content.decode()
    assert "甲建议" not in page
    assert "甲建议" in client.get(f"/public/suggestions/?unit={world.edu.pk}").content.decode()
    assert client.get("/public/suggestions/?session=x&unit=%27").status_code == 200
    odd = "session=99999999999999999999999&unit=²&category=-1&q=%00a"
    for url in ("/public/suggestions/", "/api/v1/public/suggestions/", "/public/statistics/"):
        assert client.get(f"{url}?{odd}").status_code == 200, url
    assert client.get("/public/suggestions/99999999999999999999999/").status_code == 404
    assert client.get("/api/v1/public/stats/?session=99999999999999999999").status_code == 400


def test_title_only_consent_hides_content_everywhere(world, client):
    p = published(world, title="仅标题的建议", consent="title")
    detail = client.get(f"/public/suggestions/{p.pk}/").content.decode()
    assert "东城小学门口" not in detail
    rows = json.loads(client.get("/public/suggestions/export.json").content)["results"]
    assert rows[0]["content"] == ""


def test_open_data_exports(world, client):
    published(world, title="导出的建议")
    csv_text = client.get("/public/suggestions/export.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("id,number,session")
    assert "导出的建议" in csv_text
    data = json.loads(client.get("/public/suggestions/export.json").content)
    assert data["count"] == 1 and data["results"][0]["lead_deputy"] == "张伟"
    api = client.get("/api/v1/public/suggestions/").json()
    assert api["count"] == 1 and api["results"][0]["title"] == "导出的建议"


def test_public_list_query_count_is_constant(world, client):
    published(world)
    urls = [
        "/public/suggestions/",
        "/public/suggestions/export.json",
        "/api/v1/public/suggestions/",
    ]
    few = [count_queries(client, u) for u in urls]
    for i in range(6):
        published(world, title=f"建议{i}", split=bool(i % 2))
    many = [count_queries(client, u) for u in urls]
    assert many == few


def test_statistics_pages_query_count_is_constant(world, client):
    client.force_login(world.staff)
    client.get("/staff/")  # the session's first request does one-off security checks
    steps.rated(world)
    urls = [
        "/disclosure/statistics/",
        "/public/statistics/",
        "/api/v1/stats/",
        "/api/v1/public/stats/",
    ]
    few = [count_queries(client, u + "?round=first") for u in urls]
    for _i in range(4):
        steps.rated(world, result="basically_satisfied", split=True)
    s = steps.assigned(world)
    core.suggestion_assign  # noqa: B018  (the API of record for more data shapes)
    assert s.status == "assigned"
    many = [count_queries(client, u + "?round=first") for u in urls]
    assert many == few


def test_statistics_pages_show_numerator_and_denominator(world, client):
    build(world)
    client.force_login(world.staff)
    page = client.get("/disclosure/statistics/").content.decode()
    assert 'data-key="reply_rate"' in page
    row = re.search(r'data-key="reply_rate">(.*?)</tr>', page, re.S).group(1)
    assert "80.0%" in row and ">4<" in row and ">5<" in row
    assert "by_deputy" in page and "by_session" in page
    public = client.get("/public/statistics/").content.decode()
    assert "80.0%" in public and "by_deputy" not in public
    assert "vendor/chartjs/chart.umd.js" in public


def test_statistics_name_each_units_role_and_each_figures_numerator_in_words(world, client):
    import io

    from openpyxl import load_workbook

    build(world)
    roles = {"主办单位", "协办单位", "分办单位"}
    page = client.get("/public/statistics/").content.decode()
    by_unit = re.search(r'id="by_unit">(.*?)</table>', page, re.S).group(1)
    shown = set(re.findall(r'<span class="frac">([^<0-9]+)</span>', by_unit))
    assert shown and shown <= roles
    assert not re.search(r">(lead|co|split)<", by_unit)
    definitions = re.findall(r'<td class="frac">(.*?)</td>', page)
    assert len(definitions) >= 16
    assert all(not d.strip().startswith("÷") for d in definitions), definitions

    client.force_login(world.staff)
    response = client.get(f"/disclosure/statistics/export.xlsx?session={world.session.pk}")
    sheet = next(
        ws
        for ws in load_workbook(io.BytesIO(response.content)).worksheets
        if ws["B1"].value == "角色"
    )
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} <= roles


def test_disclosure_links_row_is_for_people_logged_in_the_publics_top_bar_has_them(world, client):
    page = client.get("/public/statistics/").content.decode()
    assert 'data-testid="disclosure-nav"' not in page
    assert 'data-testid="nav-public"' in page and 'href="/public/deputies/"' in page
    client.force_login(world.staff)
    page = client.get("/public/statistics/").content.decode()
    assert 'data-testid="disclosure-nav"' in page and 'href="/disclosure/statistics/"' in page


def test_disclosure_links_follow_each_pages_rule(world):
    """Staff get statistics, publication and the awards workspace; a leader statistics only; a
    deputy none of them (each link asks its page's rule)."""
    from django.test import Client

    from suggestions import permissions as perms

    links = {
        "/disclosure/statistics/": "can_view_statistics",
        "/disclosure/publications/": "can_publish",
        "/disclosure/awards/": "can_run_awards",
    }

    for user in (world.staff, world.leader, world.zhang):
        client = Client()
        client.force_login(user)
        page = client.get("/public/statistics/").content.decode()
        nav = page.split('data-testid="disclosure-nav"', 1)[1].split("</nav>", 1)[0]
        for path, rule in links.items():
            assert (f'href="{path}"' in nav) == getattr(perms, rule)(user), (user, path)


def test_statistics_pages_are_for_staff_and_leaders(world, client):
    client.force_login(world.leader)
    assert client.get("/disclosure/statistics/").status_code == 200
    for user in (world.zhang, world.traffic_handler):
        client.force_login(user)
        assert client.get("/disclosure/statistics/").status_code == 403
        assert client.get("/disclosure/statistics/export.xlsx").status_code == 403


def test_excel_export_has_one_sheet_per_breakdown(world, client):
    import io

    from openpyxl import load_workbook

    build(world)
    client.force_login(world.staff)
    response = client.get(f"/disclosure/statistics/export.xlsx?session={world.session.pk}")
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) == 5
    totals = wb.worksheets[0]
    reply = next(r for r in totals.iter_rows(values_only=True) if r[0] in ("答复率", "Reply rate"))
    assert reply[1:] == (4, 5, 0.8)


def test_cached_figures_are_invalidated_by_new_events(world, client):
    client.force_login(world.staff)
    assert client.get("/api/v1/stats/").json()["replied"] == 0
    steps.replied(world)
    assert client.get("/api/v1/stats/").json()["replied"] == 1


def test_statistics_page_html_is_cached_until_the_figures_change(world, client):
    """The rendered tables are cached under the figures' generation: a repeat request renders
    nothing new, and a new reply shows at once."""

    def assigned_and_replied(html: str) -> tuple[str, str]:
        row = re.search(r'data-key="reply_rate">.*?</tr>', html, re.S).group(0)
        return tuple(re.findall(r'<td class="num">(\d+)</td>', row))

    def figures(html: str) -> str:
        return re.search(r'<table id="headline".*?id="chart-data".*?</script>', html, re.S).group(0)

    steps.assigned(world)
    url = f"/public/statistics/?session={world.session.pk}"
    first = client.get(url).content.decode()
    assert assigned_and_replied(first) == ("0", "1")
    with CaptureQueriesContext(connection) as again:
        repeat = client.get(url).content.decode()
    assert figures(repeat) == figures(first) and figures(first).count("<tr") > 10
    assert not [q for q in again.captured_queries if "suggestions_suggestion" in q["sql"]]
    steps.replied(world)
    assert assigned_and_replied(client.get(url).content.decode()) == ("1", "2")


def test_readers_get_the_last_figures_while_another_recomputes(world, client):
    """After a change one reader computes the new figures; those arriving meanwhile get the
    last ones instead of all computing (a stampede at national scale); then the new ones."""
    from disclosure import cache as stats_cache

    client.force_login(world.staff)
    assert client.get("/api/v1/stats/").json()["replied"] == 0
    steps.replied(world)
    # Another reader has taken the recomputation of the stats API body of this generation.
    name = f"html:stats-api:{world.session.pk}:latest:False"
    assert stats_cache.cache.add(stats_cache.computing_key(name), 1, 60)
    with CaptureQueriesContext(connection) as meanwhile:
        assert client.get("/api/v1/stats/").json()["replied"] == 0
    assert not [q for q in meanwhile.captured_queries if "suggestions_reply" in q["sql"]]
    stats_cache.cache.delete(stats_cache.computing_key(name))
    assert client.get("/api/v1/stats/").json()["replied"] == 1


def test_figures_for_exports_and_awards_are_never_the_last_ones(world):
    """Only the pages may take the last figures: everything else computes under the current
    generation even while a page reader is recomputing."""
    from disclosure import cache as stats_cache
    from disclosure.statistics import BREAKDOWNS

    assert stats_cache.session_stats(world.session)["replied"] == 0
    steps.replied(world)
    name = f"stats:{world.session.pk}:latest:" + ",".join(BREAKDOWNS)
    stats_cache.cache.add(stats_cache.computing_key(name), 1, 60)
    assert stats_cache.session_stats(world.session)["replied"] == 1
    assert stats_cache.session_stats(world.session, stale_ok=True)["replied"] == 1


@pytest.fixture
def private_world(world):
    """Personal details planted where the public must never see them."""
    build(world)
    s = published(world, title="含隐私的建议").suggestion
    core.assignment_record_contact(
        user=world.traffic_handler,
        assignment=steps.assignment_of(s, world.traffic),
        kind="phone",
        date=s.assigned_at.date(),
        note=f"电话 {PHONE}，邮箱 {EMAIL}",
    )
    Suggestion.objects.filter(pk=s.pk).update(content=f"身份证 {ID_NUMBER}")
    t = published(world, title="仅标题", consent="title").suggestion
    Suggestion.objects.filter(pk=t.pk).update(content=f"手机 {PHONE}")
    world.zhang.email = EMAIL
    world.zhang.save()
    return world


def test_no_public_page_or_export_leaks_personal_details(private_world, client):
    from django.urls import reverse

    urls = [
        "/public/suggestions/",
        "/public/suggestions/export.csv",
        "/public/suggestions/export.json",
        "/public/statistics/",
        "/public/statistics/?round=first",
        "/api/v1/public/suggestions/",
        "/api/v1/public/stats/",
        reverse("public:list") + "?q=建议",
        "/public/awards/",
        "/public/deputies/",
    ]
    urls += [f"/public/deputies/{pk}/" for pk in Deputy.objects.values_list("pk", flat=True)]
    urls += [
        f"/public/suggestions/{pk}/"
        for pk in Publication.objects.filter(state="published").values_list("pk", flat=True)
    ]
    assert len(urls) > 9
    assert len(LEAKS.findall(f"{PHONE} {EMAIL} {ID_NUMBER}")) == 3  # the scan can see a leak
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert not LEAKS.findall(body), (url, LEAKS.findall(body))


def test_public_list_filters_keep_their_choice_and_escape_names(world, client):
    world.traffic.name = "交通<局>"
    world.traffic.save()
    page = client.get(f"/public/suggestions/?unit={world.traffic.pk}&status=closed").content
    page = page.decode()
    assert f'<option value="{world.traffic.pk}" selected>交通&lt;局&gt;</option>' in page
    assert '<option value="closed" selected>' in page
    assert f'<option value="{world.other.pk}" selected>' not in page


def test_public_site_address_opens_the_published_suggestions(client):
    # People are told "/public/"; it must not be a dead end.
    response = client.get("/public/?session=2")
    assert response.status_code == 302
    assert response["Location"] == "/public/suggestions/?session=2"
