"""Importing the directory at the start of a term: units, deputies, accounts; re-runnable."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from office.importing import directory as imp
from suggestions.errors import NotPermitted
from suggestions.models import Deputy, Unit, User


@pytest.fixture(autouse=True)
def _english():
    # The reasons are asserted by their English wording; the pages show them in Chinese.
    with translation.override("en"):
        yield


def book(units, deputies, accounts) -> io.BytesIO:
    wb = Workbook()
    wb.remove(wb.active)
    for name, headers, rows in [
        ("单位", imp.UNIT_HEADERS, units),
        ("代表", imp.DEPUTY_HEADERS, deputies),
        ("账号", imp.ACCOUNT_HEADERS, accounts),
    ]:
        ws = wb.create_sheet(name)
        ws.append(headers)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


UNITS = [["HOU", "区住房和城乡建设局", "钱科长"], ["EDU", "区教育局", "周主任"]]
DEPUTIES = [["赵敏", "南山街道工委"], ["赵敏", "北苑街道工委"], ["钱程", "南山街道工委"]]
ACCOUNTS = [
    ["zhaomin_n", "赵敏", "代表", "", "赵敏（南山街道工委）", "Start-pass-2026"],
    ["qiancheng", "钱程", "代表", "", "", ""],
    ["hou1", "住建局联络员", "承办人", "HOU", "", ""],
]


def test_directory_is_created_then_a_rerun_changes_nothing(world):
    imp.import_workbook(book(UNITS, DEPUTIES, ACCOUNTS), user=world.staff)
    assert Unit.objects.get(code="HOU").name == "区住房和城乡建设局"
    assert Unit.objects.get(code="EDU").responsible_person == "周主任"  # updated
    assert Deputy.objects.filter(name="赵敏").count() == 2
    zhao = User.objects.get(username="zhaomin_n")
    assert zhao.deputy.group.name == "南山街道工委" and zhao.check_password("Start-pass-2026")
    assert not User.objects.get(username="qiancheng").has_usable_password()
    assert User.objects.get(username="hou1").unit.code == "HOU"
    counts = (Unit.objects.count(), Deputy.objects.count(), User.objects.count())
    again = imp.import_workbook(book(UNITS, DEPUTIES, ACCOUNTS), user=world.staff)
    assert (Unit.objects.count(), Deputy.objects.count(), User.objects.count()) == counts
    assert all(r.action == "skip" for r in again.deputies)


def test_problems_are_reported_by_sheet_and_row_and_nothing_is_saved(world):
    accounts = ACCOUNTS + [
        ["zm", "赵敏", "代表", "", "赵敏", ""],  # ambiguous
        ["x1", "某人", "局长", "", "", ""],  # unknown role
        ["x2", "某人", "承办人", "NOPE", "", ""],  # unknown unit
    ]
    units = UNITS + [["HOU", "重复编码", ""]]
    with pytest.raises(imp.DirectoryRejected) as rejected:
        imp.import_workbook(book(units, DEPUTIES, accounts), user=world.staff)
    problems = {(s, r.number): r.problems for s, r in rejected.value.preview.rows if r.problems}
    assert set(problems) == {("单位", 4), ("账号", 5), ("账号", 6), ("账号", 7)}
    assert "ambiguous" in problems[("账号", 5)][0]
    assert not Unit.objects.filter(code="HOU").exists()
    assert not Deputy.objects.filter(name="赵敏").exists()


def test_only_staff_or_sysadmin_import_the_directory(world):
    with pytest.raises(NotPermitted):
        imp.preview(book(UNITS, DEPUTIES, ACCOUNTS), user=world.edu_head)


def test_an_administrators_account_cannot_be_taken_over_by_a_workbook(world):
    from suggestions.models import Role

    admin = User.objects.create_user("secadmin1", role=Role.SECADMIN, password="Old-pass-2026x")
    root = User.objects.create_superuser("root1", password="Old-pass-2026x")
    accounts = [
        ["secadmin1", "接管", "工作人员", "", "", "New-pass-2026x"],
        ["root1", "接管", "工作人员", "", "", "New-pass-2026x"],
    ]
    with pytest.raises(imp.DirectoryRejected) as rejected:
        imp.import_workbook(book([], [], accounts), user=world.staff)
    problems = [r.problems for s, r in rejected.value.preview.rows if r.problems]
    assert len(problems) == 2 and all("administrator" in p[0] for p in problems)
    admin.refresh_from_db()
    root.refresh_from_db()
    assert admin.role == Role.SECADMIN and admin.check_password("Old-pass-2026x")
    assert root.check_password("Old-pass-2026x")


def test_imported_rows_are_written_like_the_apis_audited_and_initial_passwords_flagged(world):
    from security import policy
    from security.models import AuditEntry, PasswordHistory

    imp.import_workbook(book(UNITS, DEPUTIES, ACCOUNTS), user=world.staff)
    zhao = User.objects.get(username="zhaomin_n")
    assert PasswordHistory.objects.filter(user=zhao).count() == 1
    assert policy.login_block_reason(zhao) == policy.PASSWORD_CHANGE_REQUIRED
    rows = AuditEntry.objects.filter(action="admin_change", actor=world.staff)
    kinds = [r.object_type for r in rows if r.detail["flag"] == "add"]
    assert sorted(kinds) == ["deputy"] * 3 + ["deputygroup"] * 2 + ["unit"] + ["user"] * 3
    # EDU existed: only its changed responsible person is recorded.
    edu = rows.get(object_type="unit", object_id=str(Unit.objects.get(code="EDU").pk))
    assert edu.detail["flag"] == "change" and edu.detail["fields"] == ["responsible_person"]


def test_a_deputy_gets_one_account_and_a_clash_is_a_row_problem_not_an_error(world):
    taken = [["zhang_again", "张伟", "代表", "", "张伟", ""]]  # 张伟 already has world.zhang
    twice = [
        ["qian_a", "钱程", "代表", "", "", ""],
        ["qian_b", "钱程", "代表", "", "", ""],
    ]
    for accounts, reason in ((taken, "already has the account"), (twice, "already on row")):
        with pytest.raises(imp.DirectoryRejected) as rejected:
            imp.import_workbook(book([], DEPUTIES, accounts), user=world.staff)
        problems = [p for _s, r in rejected.value.preview.rows for p in r.problems]
        assert len(problems) == 1 and reason in problems[0]
    assert not User.objects.filter(username__in=["zhang_again", "qian_a", "qian_b"]).exists()


def _directory_reads(world, n: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    deputies = [[f"代表{n}-{i}", "南山街道工委"] for i in range(n)]
    accounts = [[f"d{n}_{i}", f"代表{n}-{i}", "代表", "", f"代表{n}-{i}", ""] for i in range(n)]
    with CaptureQueriesContext(connection) as ctx:
        imp.import_workbook(book(UNITS, deputies, accounts), user=world.staff)
    tables = ('"suggestions_deputy"', '"suggestions_deputygroup"', '"suggestions_unit"')
    return sum(
        q["sql"].startswith("SELECT") and any(f"FROM {t}" in q["sql"] for t in tables)
        for q in ctx.captured_queries
    )


def test_the_import_reads_the_directory_once_per_sheet_not_per_row(world):
    assert _directory_reads(world, 2) == _directory_reads(world, 6)
