"""Import of the directory at the start of a term: units, deputies (with their street committee)
and user accounts, from one workbook with three sheets. Rows are matched by unit code, deputy
name + committee and username, so a re-run updates instead of duplicating."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.password_validation import ValidationError, validate_password
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from office.importing.workbook import Row, read_rows, template_bytes
from suggestions import permissions as perms
from suggestions.errors import NotPermitted
from suggestions.models import Deputy, DeputyGroup, Role, Unit, User
from suggestions.services.directory import save_account, save_directory_entry

UNIT_HEADERS = ["编码", "名称", "承办责任人"]
DEPUTY_HEADERS = ["姓名", "代表小组"]
ACCOUNT_HEADERS = ["用户名", "姓名", "角色", "单位编码", "代表", "初始密码"]
ROLES = {
    "代表": Role.DEPUTY,
    "承办人": Role.UNIT_HANDLER,
    "单位负责人": Role.UNIT_HEAD,
    "工作人员": Role.STAFF,
    "常委会领导": Role.LEADER,
}


@dataclass
class DirectoryPreview:
    units: list[Row]
    deputies: list[Row]
    accounts: list[Row]

    @property
    def rows(self) -> list[tuple[str, Row]]:
        return (
            [("单位", r) for r in self.units]
            + [("代表", r) for r in self.deputies]
            + [("账号", r) for r in self.accounts]
        )

    @property
    def ok(self) -> bool:
        return all(r.ok for _s, r in self.rows)


class DirectoryRejected(Exception):
    def __init__(self, preview: DirectoryPreview):
        self.preview = preview
        super().__init__("directory rows with problems")


def template() -> bytes:
    return template_bytes(
        {
            "单位": (UNIT_HEADERS, [["EDU", "区教育局", "周科长"]]),
            "代表": (DEPUTY_HEADERS, [["张伟", "东城街道工委"]]),
            "账号": (
                ACCOUNT_HEADERS,
                [
                    ["zhangwei", "张伟", "代表", "", "张伟（东城街道工委）", ""],
                    ["edu1", "教育局联络员", "承办人", "EDU", "", ""],
                ],
            ),
        }
    )


def _deputy_key(text: str) -> tuple[str, str | None]:
    from office.importing.suggestions import _NAME_WITH_GROUP

    match = _NAME_WITH_GROUP.match(text)
    return (match["name"].strip(), match["group"].strip()) if match else (text, None)


def _check_units(rows: list[Row]) -> None:
    by_name = dict(Unit.objects.values_list("name", "code"))
    seen: dict[str, int] = {}
    for row in rows:
        code, name = row.values["编码"], row.values["名称"]
        if not code or not name:
            row.problems.append(_("unit code and name are required"))
            continue
        if code in seen:
            row.problems.append(_("unit code repeats row %(n)s") % {"n": seen[code]})
        seen[code] = row.number
        if by_name.get(name, code) != code:
            row.problems.append(
                _("another unit (%(code)s) already has the name “%(name)s”")
                % {"code": by_name[name], "name": name}
            )
        row.action = "update" if code in set(by_name.values()) else "create"


def _check_deputies(rows: list[Row]) -> None:
    existing = set(Deputy.objects.values_list("name", "group__name"))
    seen: dict[tuple, int] = {}
    for row in rows:
        key = (row.values["姓名"], row.values["代表小组"] or None)
        if not key[0]:
            row.problems.append(_("missing name"))
            continue
        if key in seen:
            row.problems.append(
                _(
                    "same name and committee as row %(n)s; deputies with the same name must be in different committees"
                )
                % {"n": seen[key]}
            )
        seen[key] = row.number
        row.action = "skip" if key in existing else "create"
        if row.action == "skip":
            row.notes.append(_("already in the directory"))


def _check_accounts(rows: list[Row], units: list[Row], deputies: list[Row]) -> None:
    unit_codes = set(Unit.objects.values_list("code", flat=True)) | {
        r.values["编码"] for r in units
    }
    known = set(Deputy.objects.values_list("name", "group__name")) | {
        (r.values["姓名"], r.values["代表小组"] or None) for r in deputies
    }
    usernames = set(User.objects.values_list("username", flat=True))
    # An existing account may be updated only if it is an ordinary account of a role this sheet
    # manages: never the administrators (三员) or a superuser, whose passwords and roles staff
    # must not be able to reset through a workbook.
    protected = set(
        User.objects.filter(Q(is_superuser=True) | ~Q(role__in=ROLES.values())).values_list(
            "username", flat=True
        )
    )
    # A deputy has at most one account (a one-to-one link): who holds each deputy's today, and
    # which row of this sheet claimed it first.
    holders = {
        (name, group): username
        for name, group, username in User.objects.filter(deputy__isnull=False).values_list(
            "deputy__name", "deputy__group__name", "username"
        )
    }
    claimed: dict[tuple, int] = {}
    seen: dict[str, int] = {}
    for row in rows:
        v = row.values
        role = ROLES.get(v["角色"])
        if not v["用户名"]:
            row.problems.append(_("missing username"))
        elif v["用户名"] in seen:
            row.problems.append(_("username repeats row %(n)s") % {"n": seen[v["用户名"]]})
        seen[v["用户名"]] = row.number
        if v["用户名"] in protected:
            row.problems.append(
                _("“%(username)s” is an administrator's account; it cannot be changed here")
                % {"username": v["用户名"]}
            )
        if role is None:
            row.problems.append(
                _("unknown role “%(role)s” (use %(roles)s)")
                % {"role": v["角色"], "roles": "、".join(ROLES)}
            )
        if role in (Role.UNIT_HANDLER, Role.UNIT_HEAD) and v["单位编码"] not in unit_codes:
            row.problems.append(_("unknown unit code “%(code)s”") % {"code": v["单位编码"]})
        if role == Role.DEPUTY:
            name, group = _deputy_key(v["代表"] or v["姓名"])
            matches = [k for k in known if k[0] == name and (group is None or k[1] == group)]
            if len(matches) != 1:
                row.problems.append(
                    _("deputy “%(name)s” not found or ambiguous; write 姓名（代表小组）")
                    % {"name": v["代表"] or v["姓名"]}
                )
            else:
                key = row.resolved["deputy_key"] = matches[0]
                holder = holders.get(key)
                if holder is not None and holder != v["用户名"]:
                    row.problems.append(
                        _("this deputy already has the account “%(username)s”")
                        % {"username": holder}
                    )
                elif key in claimed:
                    row.problems.append(
                        _("this deputy's account is already on row %(n)s") % {"n": claimed[key]}
                    )
                claimed.setdefault(key, row.number)
        if v["初始密码"]:
            try:
                validate_password(v["初始密码"])
            except ValidationError as exc:
                row.problems.append("; ".join(exc.messages))
        row.action = "update" if v["用户名"] in usernames else "create"


def preview(file, *, user) -> DirectoryPreview:
    if not perms.can_manage_directory(user):
        raise NotPermitted()
    result = DirectoryPreview(
        units=read_rows(file, UNIT_HEADERS, sheet="单位"),
        deputies=read_rows(file, DEPUTY_HEADERS, sheet="代表"),
        accounts=read_rows(file, ACCOUNT_HEADERS, sheet="账号"),
    )
    _check_units(result.units)
    _check_deputies(result.deputies)
    _check_accounts(result.accounts, result.units, result.deputies)
    return result


@transaction.atomic
def import_workbook(file, *, user) -> DirectoryPreview:
    result = preview(file, user=user)
    if not result.ok:
        raise DirectoryRejected(result)
    # Every row is written by the directory's one writer, which audits what it changed. What is
    # already there is read once per sheet, not once per row (a district's workbook has 3,000
    # deputies).
    units = {
        u.code: u for u in Unit.objects.filter(code__in=[r.values["编码"] for r in result.units])
    }
    for row in result.units:
        code = row.values["编码"]
        units[code] = save_directory_entry(
            actor=user,
            entry=units.get(code) or Unit(code=code),
            values={"name": row.values["名称"], "responsible_person": row.values["承办责任人"]},
        )
    groups = {g.name: g for g in DeputyGroup.objects.all()}
    deputies = {(d.name, d.group_id): d for d in Deputy.objects.select_related("group")}
    for row in result.deputies:
        group_name = row.values["代表小组"]
        group = None
        if group_name:
            group = groups.get(group_name)
            if group is None:
                group = groups[group_name] = save_directory_entry(
                    actor=user, entry=DeputyGroup(), values={"name": group_name}
                )
        key = (row.values["姓名"], group.pk if group else None)
        if key not in deputies:
            deputies[key] = save_directory_entry(
                actor=user, entry=Deputy(), values={"name": row.values["姓名"], "group": group}
            )
    units = {u.code: u for u in Unit.objects.all()}
    by_key = {(d.name, d.group.name if d.group_id else None): d for d in deputies.values()}
    accounts = {
        u.username: u
        for u in User.objects.filter(username__in=[r.values["用户名"] for r in result.accounts])
    }
    for row in result.accounts:
        _save_account(row, units, by_key, accounts, user)
    return result


def _save_account(row: Row, units: dict, deputies: dict, accounts: dict, actor) -> None:
    v = row.values
    role = ROLES[v["角色"]]
    deputy = deputies[row.resolved["deputy_key"]] if role == Role.DEPUTY else None
    save_account(
        actor=actor,
        account=accounts.get(v["用户名"]) or User(username=v["用户名"]),
        values={
            "full_name": v["姓名"],
            "role": role,
            "unit": units.get(v["单位编码"])
            if role in (Role.UNIT_HANDLER, Role.UNIT_HEAD)
            else None,
            "deputy": deputy,
        },
        # Without one, a new account cannot log in until an administrator sets a password.
        password=v["初始密码"] or None,
    )
