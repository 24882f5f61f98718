"""Directory and accounts: everyone logged in reads the directory; staff keep it; only the system
administrator (or a superuser) keeps accounts."""

from __future__ import annotations

from suggestions.models import Role, User
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
