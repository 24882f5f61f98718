"""三员分立: the system, security and audit administrators each do only their own job, cannot
give themselves another's powers, and no administrator is a superuser."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from security.models import AccountSecurity, AuditEntry
from suggestions.models import User

USERS = "/admin/suggestions/user/"
AUDIT = "/admin/security/auditentry/"
GROUPS = "/admin/auth/group/"
UNITS = "/admin/suggestions/unit/"


@pytest.fixture
def admins(world, capsys):
    call_command("create_admins", sysadmin="sys1", secadmin="sec1", auditor="aud1")
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines() if "\t" in line]
    assert [role for role, _name, _pw in lines] == ["sysadmin", "secadmin", "auditor"]
    # They have replaced their initial passwords (tested in test_passwords).
    AccountSecurity.objects.update(must_change_password=False)
    return SimpleNamespace(**{role: User.objects.get(username=name) for role, name, _ in lines})


def as_(client, user):
    client.force_login(user)
    return client


def test_no_administrator_is_a_superuser_and_each_must_change_the_initial_password(admins):
    for user in vars(admins).values():
        assert not user.is_superuser and user.is_staff
    assert AuditEntry.objects.filter(action="admin_change", detail__created_role="auditor").exists()


def test_create_admins_refuses_one_person_holding_two_roles(world):
    with pytest.raises(CommandError):
        call_command("create_admins", sysadmin="same", secadmin="same", auditor="other")
    assert not User.objects.filter(username__in=["same", "other"]).exists()


@pytest.mark.parametrize(
    "role, url, allowed",
    [
        ("sysadmin", USERS + "add/", True),
        ("sysadmin", UNITS, True),
        ("sysadmin", GROUPS, False),
        ("sysadmin", AUDIT, False),
        ("secadmin", USERS, True),
        ("secadmin", USERS + "add/", False),
        ("secadmin", GROUPS + "add/", True),
        ("secadmin", UNITS, False),
        ("secadmin", AUDIT, False),
        ("auditor", AUDIT, True),
        ("auditor", "/admin/admin/logentry/", True),
        ("auditor", USERS, False),
        ("auditor", GROUPS, False),
    ],
)
def test_each_administrator_reaches_only_their_own_pages(admins, client, role, url, allowed):
    status = as_(client, getattr(admins, role)).get(url).status_code
    assert status == (200 if allowed else 403)


def test_sysadmin_manages_accounts_and_business_roles_but_not_groups_or_permissions(
    admins, world, client
):
    as_(client, admins.sysadmin)
    page = client.get(f"{USERS}{world.zhang.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert {"is_active", "role", "unit", "deputy"} <= set(form.fields)
    # A business role with its link, as when he creates an account; never an administrator's.
    roles = {value for value, _label in form.fields["role"].choices}
    assert "staff" in roles and not roles & {"sysadmin", "secadmin", "auditor"}
    assert not {"groups", "user_permissions", "is_staff", "is_superuser"} & set(form.fields)


def test_secadmin_gives_business_roles_only_and_cannot_touch_administrators(admins, world, client):
    as_(client, admins.secadmin)
    form = client.get(f"{USERS}{world.zhang.pk}/change/").context["adminform"].form
    assert set(form.fields) == {"role", "groups", "user_permissions"}
    roles = {value for value, _label in form.fields["role"].choices}
    assert "staff" in roles and not roles & {"sysadmin", "secadmin", "auditor"}
    assert "security" not in {
        p.content_type.app_label for p in form.fields["user_permissions"].queryset
    }
    response = client.post(f"{USERS}{admins.auditor.pk}/change/", {"role": "staff"})
    assert response.status_code == 403
    assert User.objects.get(pk=admins.auditor.pk).role == "auditor"


def test_granted_permissions_never_add_to_an_administrator_role(admins, world, client):
    audit_view = Permission.objects.get(codename="view_auditentry")
    admins.secadmin.user_permissions.add(audit_view)
    group = Group.objects.create(name="sneaky")
    group.permissions.add(audit_view)
    world.staff.groups.add(group)
    world.staff.is_staff = True
    world.staff.save()
    assert as_(client, admins.secadmin).get(AUDIT).status_code == 403
    assert not User.objects.get(pk=world.staff.pk).has_perm("security.view_auditentry")


def test_auditor_reads_the_log_but_cannot_change_it(admins, client):
    as_(client, admins.auditor)
    entry = AuditEntry.objects.first()
    page = client.get(f"{AUDIT}{entry.pk}/change/")
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(f"{AUDIT}{entry.pk}/delete/").status_code == 403


def test_refused_admin_pages_are_audited(admins, client):
    as_(client, admins.auditor).get(USERS)
    row = AuditEntry.objects.filter(action="refused").latest("id")
    assert (row.username, row.detail["status"], row.detail["path"]) == ("aud1", 403, USERS)
