"""Directory and accounts: everyone logged in reads the directory; staff keep it; only the system
administrator (or a superuser) keeps accounts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import translation

from security.models import AuditEntry
from suggestions import deadlines, services
from suggestions.errors import InvalidInput, NotVisible
from suggestions.models import Deputy, Role, Session, User
from tests.api.client import ok


def test_staff_add_and_change_units_deputies_sessions_and_categories(world, api):
    staff = api(world.staff)
    unit = ok(staff.post("units/", {"code": "HEA", "name": "区卫生健康委"}), 201)
    ok(staff.patch(f"units/{unit['id']}/", {"is_active": False}))
    deputy = ok(staff.post("deputies/", {"name": "赵敏", "group": world.street.pk}), 201)
    assert deputy["pinyin"] == "zhaomin"
    session = ok(
        staff.post(
            "sessions/",
            {
                "name": "第十八届人民代表大会第六次会议",
                "start_date": "2027-01-10",
                "end_date": "2027-12-31",
                "deadlines": {"reply": {"amount": 2, "unit": "months"}},
            },
        ),
        201,
    )
    assert session["year"] == 2027
    ok(staff.post("categories/", {"name": "城建交通", "order": 2}), 201)
    ok(staff.post("groups/", {"name": "西城街道工委", "kind": "street"}), 201)


def test_directory_rejects_bad_values_per_field(world, api):
    staff = api(world.staff)
    duplicate = staff.post("units/", {"code": "EDU", "name": "另一个教育局"})
    assert duplicate.status_code == 400 and "code" in duplicate.json()["fields"]
    backwards = staff.post(
        "sessions/",
        {
            "name": "x",
            "start_date": "2027-02-01",
            "end_date": "2027-01-01",
            "deadlines": {"reply": {"amount": "soon"}},
        },
    ).json()["fields"]
    assert set(backwards) == {"deadlines"} or set(backwards) == {"end_date", "deadlines"}


def test_deputies_and_units_read_the_directory_but_cannot_change_it(world, api):
    assert ok(api(world.zhang).get("units/"))["count"] == 4
    assert ok(api(world.edu_handler).get("deputies/", q="zw"))["results"][0]["name"] == "张伟"
    response = api(world.zhang).post("units/", {"code": "X", "name": "X"})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert api(world.leader).patch(f"units/{world.edu.pk}/", {"name": "y"}).status_code == 403


def test_nothing_in_the_directory_can_be_deleted(world, api):
    response = api(world.staff).client.delete(f"/api/v1/units/{world.edu.pk}/")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"


def test_system_administrator_creates_accounts_with_checked_passwords(world, api):
    admin = User.objects.create_user(username="sysadmin", password="x", role=Role.SYSADMIN)
    client = api(admin)
    weak = client.post("users/", {"username": "newhead", "password": "123", "role": "unit_head"})
    fields = weak.json()["fields"]
    assert weak.status_code == 400 and "password" in fields and "unit" in fields
    created = ok(
        client.post(
            "users/",
            {
                "username": "newhead",
                "password": "Strong-pass-2026",
                "role": "unit_head",
                "unit": world.edu.pk,
                "full_name": "新局长",
            },
        ),
        201,
    )
    assert "password" not in created
    assert User.objects.get(pk=created["id"]).check_password("Strong-pass-2026")
    admin_role = client.post(
        "users/", {"username": "a2", "password": "Strong-pass-2026", "role": "secadmin"}
    )
    assert admin_role.status_code == 400 and "role" in admin_role.json()["fields"]
    taken = client.post(
        "users/",
        {
            "username": "z2",
            "password": "Strong-pass-2026",
            "role": "deputy",
            "deputy": world.zhang.deputy_id,
        },
    )
    assert taken.json()["fields"]["deputy"] == ["This deputy already has an account."]


def test_staff_read_accounts_but_do_not_create_them_and_others_see_none(world, api):
    assert ok(api(world.staff).get("users/", role="deputy"))["count"] == 3
    response = api(world.staff).post(
        "users/", {"username": "x", "password": "Strong-pass-2026", "role": "staff"}
    )
    assert response.status_code == 403
    assert api(world.zhang).get("users/").status_code == 403


def test_superuser_may_use_every_directory_endpoint(world, api):
    root = User.objects.create_superuser(username="root", password="x")
    client = api(root)
    ok(client.post("units/", {"code": "ROOT", "name": "测试单位"}), 201)
    ok(
        client.post(
            "users/", {"username": "leader2", "password": "Strong-pass-2026", "role": "leader"}
        ),
        201,
    )
    assert any(u["username"] == "root" for u in ok(client.get("users/"))["results"])


def test_superuser_accounts_are_hidden_from_everyone_but_superusers(world, api):
    root = User.objects.create_superuser(username="root", password="x")
    admin = User.objects.create_user(username="sysadmin", password="x", role=Role.SYSADMIN)
    for user in (admin, world.staff):
        names = [u["username"] for u in ok(api(user).get("users/"))["results"]]
        assert "root" not in names and "chenjing" in names
        assert api(user).get(f"users/{root.pk}/").status_code == 404
    assert api(admin).patch(f"users/{root.pk}/", {"full_name": "x"}).status_code == 404
    with pytest.raises(NotVisible):
        services.account_update(user=admin, account=root, full_name="x")
    root.refresh_from_db()
    assert root.full_name != "x"
    assert ok(api(root).get(f"users/{root.pk}/"))["username"] == "root"


def _audit_rows(obj):
    from security.models import AuditEntry

    return AuditEntry.objects.filter(
        action="admin_change", object_type=obj._meta.model_name, object_id=str(obj.pk)
    ).order_by("id")


def test_an_account_created_through_the_api_has_its_history_audit_and_initial_password(world, api):
    from security import policy
    from security.models import PasswordHistory

    admin = User.objects.create_user(username="sysadmin", password="x", role=Role.SYSADMIN)
    created = ok(
        api(admin).post(
            "users/",
            {"username": "newstaff", "password": "Strong-pass-2026", "role": "staff"},
        ),
        201,
    )
    account = User.objects.get(pk=created["id"])
    history = PasswordHistory.objects.filter(user=account)
    assert history.count() == 1 and history.get().password == account.password
    # The password was chosen by the administrator: the holder replaces it at the first login.
    assert policy.login_block_reason(account) == policy.PASSWORD_CHANGE_REQUIRED
    (row,) = _audit_rows(account)
    assert row.actor == admin and row.detail["flag"] == "add"
    assert row.detail["password_set"] is True and "role" in row.detail["fields"]
    assert "Strong-pass-2026" not in str(row.detail) and account.password not in str(row.detail)


def test_resetting_and_deactivating_an_account_through_the_api_is_audited(world, api):
    from security.models import AccountSecurity, PasswordHistory

    admin = User.objects.create_user(username="sysadmin", password="x", role=Role.SYSADMIN)
    client = api(admin)
    ok(client.patch(f"users/{world.edu_handler.pk}/", {"password": "Reset-pass-2026"}))
    assert PasswordHistory.objects.filter(user=world.edu_handler).count() == 1
    assert AccountSecurity.objects.get(user=world.edu_handler).must_change_password
    ok(client.patch(f"users/{world.edu_handler.pk}/", {"is_active": False}))
    reset, deactivated = _audit_rows(world.edu_handler)
    assert reset.detail["password_set"] is True and reset.detail["fields"] == []
    assert deactivated.detail == {
        "flag": "change",
        "object": str(world.edu_handler),
        "fields": ["is_active"],
        "deactivated": True,
    }
    # A role change drops the unit link that no longer fits, as before.
    ok(client.patch(f"users/{world.edu_head.pk}/", {"role": "staff"}))
    world.edu_head.refresh_from_db()
    assert world.edu_head.role == "staff" and world.edu_head.unit is None


def test_the_system_administrator_cannot_take_over_another_administrators_account(world, api):
    admin = User.objects.create_user(username="sysadmin", password="x", role=Role.SYSADMIN)
    auditor = User.objects.create_user(username="auditor1", password="x", role=Role.AUDITOR)
    response = api(admin).patch(f"users/{auditor.pk}/", {"password": "Taken-over-2026"})
    assert response.status_code == 403
    auditor.refresh_from_db()
    assert auditor.check_password("x") and not _audit_rows(auditor).exists()


def test_directory_changes_through_the_api_are_audited_and_no_change_writes_nothing(world, api):
    from suggestions.models import Unit

    staff = api(world.staff)
    created = ok(staff.post("units/", {"code": "HEA", "name": "区卫生健康委"}), 201)
    unit = Unit.objects.get(pk=created["id"])
    ok(staff.patch(f"units/{unit.pk}/", {"name": "区卫生健康委"}))
    ok(staff.patch(f"units/{unit.pk}/", {"is_active": False}))
    added, deactivated = _audit_rows(unit)
    assert added.actor == world.staff and added.detail["flag"] == "add"
    assert deactivated.detail["fields"] == ["is_active"] and deactivated.detail["deactivated"]
    deputy = ok(staff.post("deputies/", {"name": "赵敏", "group": world.street.pk}), 201)
    assert _audit_rows(Deputy.objects.get(pk=deputy["id"])).get().detail["flag"] == "add"


BAD_DEADLINES = {"reply": {"amount": 5000}, "rating": {"amount": True}, "nap": {}}


def test_session_deadlines_follow_the_one_rule_with_its_messages(world, api):
    staff = api(world.staff)
    body = {"name": "x", "start_date": "2027-01-10", "end_date": "2027-12-31"}
    refused = staff.post("sessions/", {**body, "deadlines": BAD_DEADLINES})
    assert refused.status_code == 400
    with translation.override("en"):  # the API client's language
        expected = deadlines.override_errors(BAD_DEADLINES)
    assert refused.json()["fields"] == {"deadlines": expected}
    assert len(refused.json()["fields"]["deadlines"]) == 3
    assert not Session.objects.filter(name="x").exists()

    string_amount = {"reply": {"amount": "2", "unit": "months"}}
    patched = staff.patch(f"sessions/{world.session.pk}/", {"deadlines": string_amount})
    assert patched.status_code == 400 and "reply" in patched.json()["fields"]["deadlines"][0]
    assert Session.objects.get(pk=world.session.pk).deadlines == world.session.deadlines


def test_the_directory_service_refuses_bad_deadlines_and_writes_nothing(world):
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as exc:
        services.directory_entry_update(
            user=world.staff, entry=world.session, values={"deadlines": BAD_DEADLINES}
        )
    assert exc.value.fields == {"deadlines": deadlines.override_errors(BAD_DEADLINES)}
    assert Session.objects.get(pk=world.session.pk).deadlines == world.session.deadlines
    assert AuditEntry.objects.count() == before


def test_the_admin_site_refuses_bad_deadlines_with_the_same_messages(world, client):
    world.staff.role, world.staff.is_staff = "sysadmin", True
    world.staff.save()
    client.force_login(world.staff)
    response = client.post(
        "/admin/suggestions/session/add/",
        {
            "name": "x",
            "year": 2027,
            "start_date": "2027-01-10",
            "end_date": "2027-12-31",
            "deadlines": json.dumps(BAD_DEADLINES),
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    shown = response.context["adminform"].form.errors["deadlines"]
    with translation.override("zh-hans"):
        assert shown == deadlines.override_errors(BAD_DEADLINES)
    assert "未知的期限“nap”。" in shown
    assert not Session.objects.filter(name="x").exists()


def test_a_session_ending_before_it_starts_is_refused_on_every_path(world, api, client):
    dates = {"start_date": dt.date(2027, 3, 1), "end_date": dt.date(2027, 1, 31)}
    refused = api(world.staff).post(
        "sessions/", {"name": "倒置的会议", "start_date": "2027-03-01", "end_date": "2027-01-31"}
    )
    assert refused.status_code == 400 and set(refused.json()["fields"]) == {"end_date"}
    # A change of one date is checked against the other, kept one.
    with pytest.raises(InvalidInput) as exc:
        services.directory_entry_update(
            user=world.staff, entry=world.session, values={"end_date": dt.date(1990, 1, 1)}
        )
    assert set(exc.value.fields) == {"end_date"}
    world.staff.role, world.staff.is_staff = "sysadmin", True
    world.staff.save()
    client.force_login(world.staff)
    response = client.post(
        "/admin/suggestions/session/add/",
        {
            "name": "倒置的会议",
            "year": 2027,
            "deadlines": "{}",
            **{k: str(v) for k, v in dates.items()},
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_date"] == ["结束日期不能早于开始日期。"]
    assert not Session.objects.filter(name="倒置的会议").exists()


def test_a_link_given_for_a_role_it_does_not_fit_is_refused_not_dropped(world, api):
    admin = User.objects.create_user(username="sysadmin", password="x", role=Role.SYSADMIN)
    client = api(admin)
    # A unit given to a deputy's account: before, "saved" while nothing changed.
    response = client.patch(f"users/{world.zhang.pk}/", {"unit": world.edu.pk})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"unit"}
    world.zhang.refresh_from_db()
    assert world.zhang.unit is None and world.zhang.deputy_id is not None
    response = client.patch(
        f"users/{world.edu_handler.pk}/", {"deputy": world.zhang.deputy_id, "role": "staff"}
    )
    assert response.status_code == 400 and "deputy" in response.json()["fields"]
    world.edu_handler.refresh_from_db()
    assert world.edu_handler.role == Role.UNIT_HANDLER and world.edu_handler.unit == world.edu
    created = client.post(
        "users/",
        {
            "username": "clerk",
            "role": "staff",
            "unit": world.edu.pk,
            "password": "Strong-pass-2026",
        },
    )
    assert created.status_code == 400 and set(created.json()["fields"]) == {"unit"}
    assert not User.objects.filter(username="clerk").exists()
    # Role and link given together, fitting: one change.
    ok(client.patch(f"users/{world.zhang.pk}/", {"role": "unit_handler", "unit": world.edu.pk}))
