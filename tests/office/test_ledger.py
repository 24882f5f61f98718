"""The standard ledger export: columns, values, role scope, filters, constant query count."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from office.export import Column, export_xlsx
from office.ledger import LEDGER_COLUMNS
from suggestions.models import Status
from tests import steps

HEADERS = "编号 标题 领衔代表 附议代表 类别 主办单位 协办单位 交办日期 答复期限 答复日期 答复类别 见面 满意度 状态"


def rows_of(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    ws = load_workbook(io.BytesIO(response.content)).active
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def get(client, user, query=""):
    client.force_login(user)
    return client.get(reverse("office:ledger") + query)


@pytest.fixture
def ledger_world(world):
    closed = steps.closed(world, title="关于学校周边交通的建议")
    assigned = steps.assigned(world, title="关于公交线路调整的建议", cosign=False)
    return world, closed, assigned


def test_ledger_has_the_standard_columns_and_values(client, ledger_world):
    world, closed, _assigned = ledger_world
    rows = rows_of(get(client, world.staff))
    assert list(rows[0]) == HEADERS.split()
    row = next(r for r in rows if r["标题"] == closed.title)
    assert row["编号"] == closed.display_number
    assert row["领衔代表"] == "张伟" and row["附议代表"] == "李娜"
    assert row["主办单位"] == "区交通运输局"
    assert row["协办单位"] == "区教育局、区生态环境局"
    assert row["答复类别"] == "A" and row["见面"] == "是" and row["满意度"] in ("满意", "satisfied")
    assert row["状态"] == str(Status.CLOSED.label)
    assert row["交办日期"] is not None and row["答复期限"] is not None


def test_filters_of_the_list_apply(client, ledger_world):
    world, closed, assigned = ledger_world
    rows = rows_of(get(client, world.staff, "?status=assigned"))
    assert [r["标题"] for r in rows] == [assigned.title]
    rows = rows_of(get(client, world.staff, f"?q={closed.number}"))
    assert closed.title in [r["标题"] for r in rows]
    assert get(client, world.staff, "?session=notanumber").status_code == 400


def test_ledger_is_scoped_to_what_the_user_may_see(client, ledger_world, settings):
    # The login page belongs to the workspaces branch; a path keeps this test independent of it.
    settings.LOGIN_URL = "/login/"
    world, closed, assigned = ledger_world
    steps.draft(world, title="王强的草稿")  # by 张伟 but unrelated to wang
    assert rows_of(get(client, world.wang)) == []
    assert {r["标题"] for r in rows_of(get(client, world.edu_handler))} == {
        closed.title,
        assigned.title,
    }
    assert rows_of(get(client, world.other_handler)) == []
    client.logout()
    assert client.get(reverse("office:ledger")).status_code == 302


def test_ledger_query_count_does_not_grow_with_rows(client, world):
    steps.closed(world, title="一")
    client.force_login(world.staff)
    url = reverse("office:ledger")
    client.get(url)  # first request of a session does one-off work (session checks, caches)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        steps.closed(world, title=f"建议{i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(rows_of(response)) == 5
    assert len(many) == len(few) <= 10


def test_generic_export_writes_any_columns(world):
    content = export_xlsx(
        [{"a": 1, "b": "教育"}], [Column("甲", lambda r: r["a"]), Column("乙", lambda r: r["b"])]
    )
    ws = load_workbook(io.BytesIO(content)).active
    assert list(ws.iter_rows(values_only=True)) == [("甲", "乙"), (1, "教育")]
    assert len(LEDGER_COLUMNS) == 14
