"""Permission groups (Django's auth groups): the one writer of each group, its name and its
permissions. They are the security administrator's (三员分立), as are the groups given to an
account (`account_access_update`). Each write is audited with the permissions it added or
removed, and with the accounts that held a group when it is deleted."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from security.backends import RESERVED_APPS
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, NotPermitted, NotVisible
from suggestions.services.directory import record_admin_change

GROUP_FIELDS = ("name", "permissions")


def permission_group_errors(values: dict, group: Group | None = None) -> dict:
    """The rules of a group's values, {field: [messages]}: asked by the admin's form (so they come
    with its own messages) and by the services."""
    errors: dict = {}
    if "name" in values:
        name = (values["name"] or "").strip()
        others = Group.objects.exclude(pk=getattr(group, "pk", None))
        if not name:
            errors["name"] = [_("Enter the group's name.")]
        elif others.filter(name__iexact=name).exists():
            errors["name"] = [_("A permission group of this name already exists.")]
    reserved = [
        p for p in values.get("permissions", ()) if p.content_type.app_label in RESERVED_APPS
    ]
    if reserved:
        # The backend ignores them for business accounts anyway; a group that seems to grant
        # them would mislead whoever reads it.
        errors["permissions"] = [
            _(
                "The administrators' own permissions (audit log, accounts, groups) are never "
                "given through a group."
            )
        ]
    return errors


def _check_keeper(user) -> None:
    if not perms.can_manage_access(user):
        raise NotPermitted()


def _labels(permissions) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


def _permissions(values) -> list[Permission]:
    pks = [getattr(p, "pk", p) for p in values]
    return list(Permission.objects.filter(pk__in=pks).select_related("content_type"))


def _check(values: dict, group: Group | None = None) -> dict:
    unknown = set(values) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"unknown group fields: {sorted(unknown)}")
    values = dict(values)
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
    if "permissions" in values:
        values["permissions"] = _permissions(values["permissions"])
    errors = permission_group_errors(values, group)
    if errors:
        raise InvalidInput(fields=errors)
    return values


@transaction.atomic
def permission_group_create(*, user, name: str, permissions=()) -> Group:
    """The security administrator (or a superuser) adds a permission group."""
    _check_keeper(user)
    values = _check({"name": name, "permissions": permissions})
    group = Group.objects.create(name=values["name"])
    group.permissions.set(values["permissions"])
    added = _labels(values["permissions"])
    record_admin_change(user, group, flag="add", fields=["name", "permissions"], added=added)
    return group


@transaction.atomic
def permission_group_update(*, user, group, **changes) -> Group:
    """Rename a group or change its permissions; every account holding it gains or loses them."""
    _check_keeper(user)
    group = Group.objects.select_for_update().filter(pk=getattr(group, "pk", group)).first()
    if group is None:
        raise NotVisible()
    values = _check(changes, group)
    changed, detail = [], {}
    if "name" in values and values["name"] != group.name:
        group.name = values["name"]
        group.save()
        changed.append("name")
    if "permissions" in values:
        before = set(group.permissions.select_related("content_type"))
        after = set(values["permissions"])
        if before != after:
            group.permissions.set(after)
            changed.append("permissions")
            detail = {"added": _labels(after - before), "removed": _labels(before - after)}
    if changed:
        record_admin_change(user, group, flag="change", fields=sorted(changed), **detail)
    return group


@transaction.atomic
def permission_group_delete(*, user, group) -> None:
    """Delete a group: the accounts that held it lose its permissions (named in the audit row)."""
    _check_keeper(user)
    group = Group.objects.select_for_update().filter(pk=getattr(group, "pk", group)).first()
    if group is None:
        raise NotVisible()
    members = sorted(group.user_set.values_list("username", flat=True))
    record_admin_change(user, group, flag="delete", fields=[], members=members)
    group.delete()
