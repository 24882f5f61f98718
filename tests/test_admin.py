"""The admin site writes the directory and the accounts through their services: the same rules,
the same refusals on the form, the same audit row as the API, nothing half saved."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.forms import CheckboxInput
from django.utils import translation
from django.utils.translation import gettext

from security import policy
from security.models import AuditEntry
from suggestions import services, workdays
from suggestions.errors import InvalidInput, NotPermitted
from suggestions.models import CalendarDay, CalendarYear, Deputy, Role, Session, Unit, User
from tests.api.client import Api, ok
from tests.personas import PASSWORD

ADMIN = "/admin/suggestions"


@pytest.fixture
def sysadmin(world):
    return User.objects.create_user(
        username="sys1", password="x", role=Role.SYSADMIN, is_staff=True, full_name="系统管理员"
    )


@pytest.fixture
def secadmin(world):
    return User.objects.create_user(
        username="sec1", password="x", role=Role.SECADMIN, is_staff=True, full_name="安全管理员"
    )


def as_(client, user):
    client.force_login(user)
    return client


def form_data(client, url: str, **changes) -> dict:
    """What the admin's change page would post back untouched, with `changes` applied."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled:
            continue
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def zh(msgid: str) -> str:
    """A message as the form shows it to a Chinese user."""
    with translation.override("zh-hans"):
        return gettext(msgid)


def audit_rows(obj):
    return AuditEntry.objects.filter(
        action="admin_change", object_type=obj._meta.model_name, object_id=str(obj.pk)
    ).order_by("id")


def shape(row) -> dict:
    """An audit row without who, when and which object: what the change itself was."""
    return {k: v for k, v in row.detail.items() if k != "object"}


def test_a_unit_renamed_in_the_admin_is_recorded_as_through_the_api(world, sysadmin, client):
    url = f"{ADMIN}/unit/{world.edu.pk}/change/"
    response = as_(client, sysadmin).post(url, form_data(client, url, name="区教育和体育局"))
    assert response.status_code == 302
    assert Unit.objects.get(pk=world.edu.pk).name == "区教育和体育局"
    (row,) = audit_rows(world.edu)  # one row: the admin's change-log row is not audited twice
    assert row.actor == sysadmin
    assert LogEntry.objects.filter(object_id=str(world.edu.pk)).exists()  # its history stays

    ok(Api(world.staff).patch(f"units/{world.traffic.pk}/", {"name": "区交通局"}))
    (through_api,) = audit_rows(world.traffic)
    assert shape(row) == shape(through_api) == {"flag": "change", "fields": ["name"]}


def test_a_deputy_deactivated_in_the_admin_is_recorded_as_a_deactivation(world, sysadmin, client):
    deputy = world.wang.deputy
    url = f"{ADMIN}/deputy/{deputy.pk}/change/"
    response = as_(client, sysadmin).post(url, form_data(client, url, is_active=False))
    assert response.status_code == 302
    assert not Deputy.objects.get(pk=deputy.pk).is_active
    (row,) = audit_rows(deputy)
    assert shape(row) == {"flag": "change", "fields": ["is_active"], "deactivated": True}


def test_a_session_added_in_the_admin_is_recorded_with_its_fields(world, sysadmin, client):
    response = as_(client, sysadmin).post(
        f"{ADMIN}/session/add/",
        {
            "name": "第十八届人民代表大会第六次会议",
            "year": 2027,
            "start_date": "2027-01-10",
            "end_date": "2027-12-31",
            "deadlines": json.dumps({"reply": {"amount": 2, "unit": "months"}}),
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(name="第十八届人民代表大会第六次会议")
    assert session.deadline("reply")["amount"] == 2
    (row,) = audit_rows(session)
    assert row.detail["flag"] == "add" and "deadlines" in row.detail["fields"]


def test_a_session_changed_to_end_before_it_starts_is_refused_and_nothing_saved(
    world, sysadmin, client
):
    url = f"{ADMIN}/session/{world.session.pk}/change/"
    data = form_data(as_(client, sysadmin), url, end_date="2025-12-31")
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_date"] == ["结束日期不能早于开始日期。"]
    assert Session.objects.get(pk=world.session.pk).end_date == dt.date(2026, 12, 31)
    assert not audit_rows(world.session).exists()
    bad = {"reply": {"amount": 5000}}
    response = client.post(url, {**data, "end_date": "2026-12-31", "deadlines": json.dumps(bad)})
    assert response.status_code == 200 and response.context["adminform"].form.errors["deadlines"]
    assert Session.objects.get(pk=world.session.pk).deadlines == {}


def test_nothing_in_the_directory_or_the_accounts_is_deleted_in_the_admin(world, client):
    root = User.objects.create_superuser(username="root", password="x")
    as_(client, root)
    assert client.post(f"{ADMIN}/unit/{world.other.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{ADMIN}/user/{world.wang.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Unit.objects.filter(pk=world.other.pk).exists()
    assert User.objects.filter(pk=world.wang.pk).exists()


def test_an_admin_user_who_may_not_keep_the_directory_cannot_change_it_there(world, client):
    from django.contrib.auth.models import Permission

    world.leader.is_staff = True
    world.leader.save()
    world.leader.user_permissions.add(*Permission.objects.filter(codename__endswith="_unit"))
    url = f"{ADMIN}/unit/{world.edu.pk}/change/"
    as_(client, world.leader)
    response = client.post(url, {"code": "EDU", "name": "改名", "responsible_person": ""})
    assert response.status_code == 403
    assert client.post(f"{ADMIN}/unit/add/", {"code": "X", "name": "X"}).status_code == 403
    assert Unit.objects.get(pk=world.edu.pk).name == "区教育局"
    assert not Unit.objects.filter(code="X").exists()


# --- accounts ----------------------------------------------------------------------------------
def test_an_account_added_in_the_admin_follows_the_service_and_is_recorded_as_the_api(
    world, sysadmin, client
):
    page = as_(client, sysadmin).get(f"{ADMIN}/user/add/")
    assert {"password1", "role", "unit"} <= set(page.context["adminform"].form.fields)
    response = client.post(
        f"{ADMIN}/user/add/",
        {
            "username": "edu2",
            "password1": "Lantern-42x",
            "password2": "Lantern-42x",
            "role": "unit_handler",
            "unit": world.edu.pk,
            "full_name": "教育局联络员二",
        },
    )
    assert response.status_code == 302
    account = User.objects.get(username="edu2")
    assert account.unit == world.edu and account.check_password("Lantern-42x")
    # Set by someone else: replaced at the first login.
    assert policy.login_block_reason(account) == policy.PASSWORD_CHANGE_REQUIRED
    (row,) = audit_rows(account)
    through_api = Api(sysadmin).post(
        "users/",
        {
            "username": "edu3",
            "password": "Lantern-42y",
            "role": "unit_handler",
            "unit": world.edu.pk,
            "full_name": "教育局联络员三",
        },
    )
    assert through_api.status_code == 201
    (through_api,) = audit_rows(User.objects.get(username="edu3"))
    assert shape(row) == shape(through_api)
    assert row.detail["password_set"] is True and "unit" in row.detail["fields"]


def test_an_account_the_service_refuses_shows_its_message_and_nothing_is_saved(
    world, sysadmin, client
):
    as_(client, sysadmin)
    before = (AuditEntry.objects.count(), LogEntry.objects.count())
    response = client.post(
        f"{ADMIN}/user/add/",
        {"username": "head2", "password1": "Lantern-42x", "password2": "Lantern-42x"}
        | {"role": "unit_head"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"] == ["单位账号须关联单位。"]
    assert not User.objects.filter(username="head2").exists()
    assert (AuditEntry.objects.count(), LogEntry.objects.count()) == before


def test_a_password_set_in_the_admin_must_be_changed_at_next_login_and_is_recorded(
    world, sysadmin, client
):
    url = f"{ADMIN}/user/{world.edu_handler.pk}/password/"
    assert as_(client, sysadmin).get(url).status_code == 200
    response = client.post(url, {"password1": "Reset-pass-2026", "password2": "Reset-pass-2026"})
    assert response.status_code == 302
    account = User.objects.get(pk=world.edu_handler.pk)
    assert account.check_password("Reset-pass-2026")
    assert policy.login_block_reason(account) == policy.PASSWORD_CHANGE_REQUIRED
    (row,) = audit_rows(account)
    assert shape(row) == {"flag": "change", "fields": [], "password_set": True}
    # Password sign-in is not switched off: the account is deactivated instead.
    refused = client.post(url, {"usable_password": "false", "unset-password": "1"})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert User.objects.get(pk=account.pk).has_usable_password()


def test_no_administrator_takes_over_an_account_through_the_password_page(
    world, sysadmin, secadmin, client
):
    body = {"password1": "Taken-over-2026", "password2": "Taken-over-2026"}
    auditor = User.objects.create_user(username="aud1", password="x", role=Role.AUDITOR)
    root = User.objects.create_superuser(username="root", password="x")
    as_(client, sysadmin)
    assert client.post(f"{ADMIN}/user/{auditor.pk}/password/", body).status_code == 403
    assert client.post(f"{ADMIN}/user/{root.pk}/password/", body).status_code == 404
    # The security administrator gives roles; he never sets anyone's password.
    as_(client, secadmin)
    assert client.post(f"{ADMIN}/user/{world.zhang.pk}/password/", body).status_code == 403
    for user in (auditor, root, world.zhang):
        assert not User.objects.get(pk=user.pk).check_password("Taken-over-2026")
        assert not audit_rows(user).exists()


def test_a_role_given_by_the_security_administrator_follows_the_service(world, secadmin, client):
    url = f"{ADMIN}/user/{world.zhang.pk}/change/"
    response = as_(client, secadmin).post(url, form_data(client, url, role="staff"))
    assert response.status_code == 302
    account = User.objects.get(pk=world.zhang.pk)
    # The deputy link no longer fits the role and is dropped, as when the API changes a role.
    assert account.role == "staff" and account.deputy is None
    (row,) = audit_rows(account)
    assert row.actor == secadmin and row.detail["fields"] == ["deputy", "role"]


def test_a_role_whose_links_are_missing_is_refused_on_the_form(world, secadmin, client):
    url = f"{ADMIN}/user/{world.li.pk}/change/"
    data = form_data(as_(client, secadmin), url, role="unit_handler")
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    # The unit is not on the security administrator's form: the message stands above it.
    assert response.context["adminform"].form.non_field_errors() == ["单位账号须关联单位。"]
    account = User.objects.get(pk=world.li.pk)
    assert account.role == "deputy" and account.deputy is not None
    assert not audit_rows(account).exists()


def test_permission_groups_given_in_the_admin_are_recorded(world, secadmin, client):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="建议办理")
    url = f"{ADMIN}/user/{world.zhang.pk}/change/"
    response = as_(client, secadmin).post(url, form_data(client, url, groups=[group.pk]))
    assert response.status_code == 302
    assert list(User.objects.get(pk=world.zhang.pk).groups.all()) == [group]
    (row,) = audit_rows(world.zhang)
    assert row.detail["fields"] == ["groups"]


def test_a_superusers_change_of_an_account_and_its_access_is_recorded_by_each_service(
    world, client
):
    root = User.objects.create_superuser(username="root", password="x")
    url = f"{ADMIN}/user/{world.edu_handler.pk}/change/"
    data = form_data(as_(client, root), url, full_name="教育局新联络员", is_staff="on")
    assert client.post(url, data).status_code == 302
    account = User.objects.get(pk=world.edu_handler.pk)
    assert account.full_name == "教育局新联络员" and account.is_staff
    assert [row.detail["fields"] for row in audit_rows(account)] == [["full_name"], ["is_staff"]]


def test_the_security_administrator_makes_no_superuser_and_leaves_administrators_alone(
    world, secadmin
):
    from suggestions import services
    from suggestions.errors import NotPermitted

    auditor = User.objects.create_user(username="aud1", password="x", role=Role.AUDITOR)
    with pytest.raises(NotPermitted):
        services.account_access_update(user=secadmin, account=world.zhang, is_superuser=True)
    with pytest.raises(NotPermitted):
        services.account_access_update(user=secadmin, account=auditor, role="staff")
    with pytest.raises(NotPermitted):  # nor does the system administrator give roles here
        services.account_access_update(
            user=User.objects.create_user(username="sys2", role=Role.SYSADMIN),
            account=world.zhang,
            role="staff",
        )
    assert not User.objects.get(pk=world.zhang.pk).is_superuser
    assert User.objects.get(pk=auditor.pk).role == Role.AUDITOR
    assert User.objects.get(pk=world.zhang.pk).role == Role.DEPUTY


def test_the_password_page_offers_no_switch_that_turns_password_sign_in_off(
    world, sysadmin, client
):
    # A password is the only way to sign in: without one the account is unusable, which is
    # what deactivation (on the account's page) is for.
    page = as_(client, sysadmin).get(f"{ADMIN}/user/{world.edu_handler.pk}/password/")
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {"password1", "password2"}
    html = page.content.decode()
    assert 'name="unset-password"' not in html and 'name="usable_password"' not in html
    response = client.post(f"{ADMIN}/user/{world.edu_handler.pk}/password/", {})
    assert response.status_code == 200 and response.context["form"].errors["password1"]
    assert User.objects.get(pk=world.edu_handler.pk).check_password(PASSWORD)


# --- role and unit in one save -------------------------------------------------------------------
def test_the_system_administrator_changes_a_role_and_its_unit_in_one_save_as_through_the_api(
    world, sysadmin, client
):
    url = f"{ADMIN}/user/{world.li.pk}/change/"
    data = form_data(as_(client, sysadmin), url, role="unit_handler", unit=world.edu.pk)
    assert client.post(url, data).status_code == 302
    account = User.objects.get(pk=world.li.pk)
    assert (account.role, account.unit, account.deputy) == ("unit_handler", world.edu, None)
    (row,) = audit_rows(account)  # one service call: one row
    assert row.actor == sysadmin and row.detail["fields"] == ["deputy", "role", "unit"]

    body = {"role": "unit_handler", "unit": world.edu.pk}
    ok(Api(sysadmin).patch(f"users/{world.wang.pk}/", body))
    (through_api,) = audit_rows(world.wang)
    assert shape(row) == shape(through_api)


def test_a_role_and_unit_the_account_rules_refuse_are_refused_together_and_nothing_saved(
    world, sysadmin, client
):
    url = f"{ADMIN}/user/{world.li.pk}/change/"
    as_(client, sysadmin)
    data = form_data(client, url, role="unit_head", unit="")
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"] == ["单位账号须关联单位。"]
    # An administrator's role is not among his choices.
    response = client.post(url, {**data, "role": "secadmin", "unit": world.edu.pk})
    assert response.status_code == 200 and response.context["adminform"].form.errors["role"]
    account = User.objects.get(pk=world.li.pk)
    assert (account.role, account.unit) == ("deputy", None) and account.deputy is not None
    assert not audit_rows(account).exists()


def test_a_unit_given_to_a_deputy_account_is_refused_on_the_form_not_dropped(
    world, sysadmin, client
):
    url = f"{ADMIN}/user/{world.li.pk}/change/"
    as_(client, sysadmin)
    response = client.post(url, form_data(client, url, unit=world.edu.pk))
    # Before, the admin said "changed successfully" and the service dropped the unit unseen.
    assert response.status_code == 200 and response.context["adminform"].form.errors["unit"]
    account = User.objects.get(pk=world.li.pk)
    assert (account.role, account.unit) == ("deputy", None)
    assert not audit_rows(account).exists()


# --- the working-day calendar --------------------------------------------------------------------
def calendar_rows(model_name: str, key) -> list[dict]:
    rows = AuditEntry.objects.filter(action="admin_change", object_type=model_name)
    return [shape(row) for row in rows.filter(object_id=str(key)).order_by("id")]


def test_a_holiday_entered_in_the_admin_is_recorded_and_counts_at_once(world, sysadmin, client):
    day = dt.date(2026, 10, 9)  # a Friday
    assert workdays.is_workday(day)
    response = as_(client, sysadmin).post(
        f"{ADMIN}/calendarday/add/", {"date": "2026-10-09", "name": " 国庆节 "}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=day).name == "国庆节"
    assert not workdays.is_workday(day)
    assert calendar_rows("calendarday", day) == [{"flag": "add", "fields": ["is_workday", "name"]}]
    url = f"{ADMIN}/calendarday/{day}/change/"
    assert client.post(url, {"name": "国庆节（更正）"}).status_code == 302
    assert calendar_rows("calendarday", day)[1] == {"flag": "change", "fields": ["name"]}


def test_a_working_weekday_or_a_nameless_holiday_is_refused_in_chinese_and_nothing_saved(
    world, sysadmin, client
):
    as_(client, sysadmin)
    before = (AuditEntry.objects.count(), LogEntry.objects.count())
    add = f"{ADMIN}/calendarday/add/"
    body = {"date": "2026-10-12", "is_workday": "on", "name": "调休"}  # a Monday
    response = client.post(add, body, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["is_workday"] == [
        zh(
            "Monday to Friday are working days anyway: only a make-up working day on a "
            "weekend is entered as a working day."
        )
    ]
    response = client.post(
        add, {"date": "2026-10-17", "name": "  "}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.context["adminform"].form.errors["name"] == [
        zh("Enter the name of the holiday or of the make-up working day.")
    ]
    response = client.post(
        f"{ADMIN}/calendaryear/add/", {"year": 3000}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.context["adminform"].form.errors["year"] == [
        zh("Enter a year from 1949 to 2200.")
    ]
    assert not CalendarDay.objects.filter(date__in=["2026-10-12", "2026-10-17"]).exists()
    assert not CalendarYear.objects.filter(year=3000).exists()
    assert (AuditEntry.objects.count(), LogEntry.objects.count()) == before


def test_the_calendar_service_refuses_what_the_form_refuses(world, sysadmin):
    with pytest.raises(InvalidInput) as refused:
        services.calendar_day_set(
            user=sysadmin, date=dt.date(2026, 10, 12), is_workday=True, name="x"
        )
    assert set(refused.value.fields) == {"is_workday"}
    with pytest.raises(NotPermitted):
        services.calendar_year_set(user=world.leader, year=2027, source="国务院办公厅通知")
    assert not CalendarDay.objects.filter(date=dt.date(2026, 10, 12)).exists()


def test_a_calendar_day_or_year_removed_in_the_admin_is_recorded(world, sysadmin, client):
    day = dt.date(2026, 10, 9)
    services.calendar_day_set(user=sysadmin, date=day, is_workday=False, name="国庆节")
    services.calendar_year_set(user=sysadmin, year=2040, source="手工")
    as_(client, sysadmin)
    assert not workdays.is_workday(day)
    response = client.post(f"{ADMIN}/calendarday/{day}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=day).exists() and workdays.is_workday(day)
    assert calendar_rows("calendarday", day)[-1] == {"flag": "delete", "fields": []}
    # The list's "delete selected" goes through the service too.
    response = client.post(
        f"{ADMIN}/calendaryear/",
        {"action": "delete_selected", "_selected_action": ["2040"], "post": "yes"},
    )
    assert response.status_code == 302 and not CalendarYear.objects.filter(year=2040).exists()
    assert calendar_rows("calendaryear", 2040)[-1] == {"flag": "delete", "fields": []}


def test_only_those_who_keep_the_directory_change_the_calendar_in_the_admin(world, client):
    from django.contrib.auth.models import Permission

    world.leader.is_staff = True
    world.leader.save()
    world.leader.user_permissions.add(*Permission.objects.filter(codename__endswith="_calendarday"))
    as_(client, world.leader)
    body = {"date": "2026-10-09", "name": "国庆节"}
    assert client.post(f"{ADMIN}/calendarday/add/", body).status_code == 403
    assert not CalendarDay.objects.filter(date=dt.date(2026, 10, 9)).exists()


# --- permission groups ---------------------------------------------------------------------------
GROUPS = "/admin/auth/group"


def group_rows(group) -> list[dict]:
    rows = AuditEntry.objects.filter(action="admin_change", object_type="group")
    return [shape(row) for row in rows.filter(object_id=str(group.pk)).order_by("id")]


def test_a_permission_group_added_and_changed_in_the_admin_is_recorded_with_its_permissions(
    world, secadmin, client
):
    view_unit, view_deputy = (
        Permission.objects.get(codename=c) for c in ("view_unit", "view_deputy")
    )
    as_(client, secadmin)
    body = {"name": "名录查阅", "permissions": [view_unit.pk]}
    assert client.post(f"{GROUPS}/add/", body).status_code == 302
    group = Group.objects.get(name="名录查阅")
    assert list(group.permissions.all()) == [view_unit]
    assert group_rows(group) == [
        {"flag": "add", "fields": ["name", "permissions"], "added": ["suggestions.view_unit"]}
    ]
    body = {"name": "名录查阅", "permissions": [view_deputy.pk]}
    assert client.post(f"{GROUPS}/{group.pk}/change/", body).status_code == 302
    assert list(group.permissions.all()) == [view_deputy]
    assert group_rows(group)[1] == {
        "flag": "change",
        "fields": ["permissions"],
        "added": ["suggestions.view_deputy"],
        "removed": ["suggestions.view_unit"],
    }


def test_a_group_name_taken_is_refused_in_chinese_and_nothing_saved(world, secadmin, client):
    group = Group.objects.create(name="Reviewers")
    as_(client, secadmin)
    before = AuditEntry.objects.count()
    response = client.post(f"{GROUPS}/add/", {"name": "reviewers"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        zh("A permission group of this name already exists.")
    ]
    assert list(Group.objects.all()) == [group] and AuditEntry.objects.count() == before


def test_a_deleted_group_is_recorded_with_the_accounts_that_held_it(world, secadmin, client):
    group = Group.objects.create(name="建议办理")
    world.zhang.groups.add(group)
    response = as_(client, secadmin).post(f"{GROUPS}/{group.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Group.objects.filter(pk=group.pk).exists()
    assert group_rows(group) == [{"flag": "delete", "fields": [], "members": ["zhangwei"]}]


def test_the_group_service_never_gives_an_administrators_permission(world, secadmin):
    audit_view = Permission.objects.get(codename="view_auditentry")
    with pytest.raises(InvalidInput) as refused:
        services.permission_group_create(user=secadmin, name="审计", permissions=[audit_view])
    assert set(refused.value.fields) == {"permissions"}
    sysadmin = User.objects.create_user(username="sys2", role=Role.SYSADMIN, is_staff=True)
    with pytest.raises(NotPermitted):
        services.permission_group_create(user=sysadmin, name="名录")
    assert not Group.objects.exists()
