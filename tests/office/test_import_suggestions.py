"""Importing paper suggestions: every problem reported by row, all or nothing, re-runnable."""

import pytest
from django.utils import translation

from office.importing import suggestions as imp
from office.importing.workbook import WorkbookError
from suggestions.errors import NotPermitted
from suggestions.models import CoSigner, Deputy, Event, Status, Suggestion
from tests.office.workbooks import xlsx


@pytest.fixture(autouse=True)
def _english():
    # The reasons are asserted by their English wording; the pages show them in Chinese.
    with translation.override("en"):
        yield


DEPUTIES = ["张伟", "李娜", "王强"]


def good_row(i: int) -> list[str]:
    lead = DEPUTIES[i % 3]
    co = "、".join(d for d in DEPUTIES if d != lead)
    return [
        f"关于改善第{i}号路段交通秩序的建议",
        f"第{i}号路段早晚高峰拥堵，建议优化信号灯配时。",
        lead,
        co if i % 2 else "",
        "教育文化",
        "",
        "是" if i % 2 else "否",
        ["全文", "仅标题", "不公开"][i % 3],
    ]


# Ten broken rows: (row index in the data, how it is broken, a word the reason must contain).
BREAKAGES = [
    (3, {"标题": ""}, "missing title"),
    (17, {"领衔代表": "赵无名"}, "unknown deputy"),
    (41, {"领衔代表": "孙同名"}, "ambiguous"),
    (58, {"附议代表": "李娜、钱不存在"}, "unknown deputy"),
    (99, {"类别": "不存在的类别"}, "unknown category"),
    (120, {"大会期间": "也许"}, "大会期间"),
    (150, {"公开意见": "半公开"}, "公开意见"),
    (201, {"内容": ""}, "missing content"),
    (250, {"会次": "第九十九次会议"}, "unknown session"),
    (290, {"标题": "关于改善第5号路段交通秩序的建议", "领衔代表": "王强"}, "duplicate of row"),
]


def workbook(rows):
    return xlsx(imp.HEADERS, rows)


def broken_rows():
    rows = [good_row(i) for i in range(300)]
    for index, change, _reason in BREAKAGES:
        for header, value in change.items():
            rows[index][imp.HEADERS.index(header)] = value
    return rows


@pytest.fixture
def namesakes(world):
    # Two deputies called 孙同名 in different street committees.
    from suggestions.models import DeputyGroup

    west = DeputyGroup.objects.create(name="西湖街道工委")
    Deputy.objects.create(name="孙同名", group=world.street)
    Deputy.objects.create(name="孙同名", group=west)
    return world


def test_300_rows_with_10_broken_are_reported_by_row_and_nothing_is_saved(namesakes):
    world = namesakes
    preview = imp.preview(workbook(broken_rows()), user=world.staff)
    assert len(preview.rows) == 300
    reported = {row.number: "; ".join(row.problems) for row in preview.problems}
    # Excel row = data index + 2 (row 1 holds the headers).
    assert sorted(reported) == sorted(index + 2 for index, _c, _r in BREAKAGES)
    for index, _change, reason in BREAKAGES:
        assert reason in reported[index + 2], (index, reported[index + 2])
    with pytest.raises(imp.ImportRejected) as rejected:
        imp.import_workbook(workbook(broken_rows()), user=world.staff)
    assert len(rejected.value.preview.problems) == 10
    assert Suggestion.objects.count() == 0
    assert Event.objects.count() == 0


def test_fixed_workbook_saves_every_row_and_a_rerun_adds_no_duplicates(world):
    result = imp.import_workbook(workbook([good_row(i) for i in range(300)]), user=world.staff)
    assert len(result.to_create) == 300
    assert Suggestion.objects.filter(status=Status.SUBMITTED).count() == 300
    numbers = sorted(Suggestion.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 301))
    one = Suggestion.objects.get(title="关于改善第1号路段交通秩序的建议")
    assert one.lead_deputy.name == "李娜" and one.in_session and one.publication_consent == "title"
    assert one.created_by == world.staff
    assert set(one.cosigners.values_list("deputy__name", "state")) == {
        ("张伟", CoSigner.State.CONFIRMED),
        ("王强", CoSigner.State.CONFIRMED),
    }
    assert one.events.filter(verb="cosign_confirmed_on_paper", actor=world.staff).count() == 1
    assert CoSigner.objects.exclude(state=CoSigner.State.CONFIRMED).count() == 0

    # A re-run creates no duplicates and says why rows are skipped.
    rows = [good_row(i) for i in range(300)]
    # Same titles with different punctuation and spacing still count as the same suggestion.
    rows[0][0] = " 《" + rows[0][0] + "》 "
    rerun = imp.import_workbook(workbook(rows + [good_row(300)]), user=world.staff)
    assert len(rerun.skipped) == 300
    assert "skipped" in rerun.rows[0].notes[0]
    assert len(rerun.to_create) == 1
    assert Suggestion.objects.count() == 301


def test_namesake_is_resolved_by_street_committee(namesakes):
    row = good_row(0)
    row[2] = "孙同名（西湖街道工委）"
    row[3] = ""
    imp.import_workbook(workbook([row]), user=namesakes.staff)
    assert Suggestion.objects.get().lead_deputy.group.name == "西湖街道工委"


def test_not_an_excel_file_gets_a_clear_message(world):
    import io

    with pytest.raises(WorkbookError, match="xlsx"):
        imp.preview(io.BytesIO(b"not a workbook"), user=world.staff)


def test_wrong_headers_name_the_missing_columns(world):
    with pytest.raises(WorkbookError, match="领衔代表"):
        imp.preview(xlsx(["标题", "内容"], [["a", "b"]]), user=world.staff)


def test_deputies_and_units_cannot_import(world):
    for user in (world.zhang, world.edu_handler):
        with pytest.raises(NotPermitted):
            imp.preview(workbook([good_row(0)]), user=user)


def test_template_reads_back_with_the_expected_headers(world):
    import io

    preview = imp.preview(io.BytesIO(imp.template()), user=world.staff)
    assert [r.values["领衔代表"] for r in preview.rows] == ["张伟"]
    assert preview.ok
