"""Separation of the three administrators (三员分立): what each may do in the admin site.

- system administrator (sysadmin): accounts (create, deactivate, reset passwords, the business role
  with its unit or deputy link, as when creating one) and the directory;
- security administrator (secadmin): business roles, groups and permissions of business accounts;
- audit administrator (auditor): reads the audit log and the admin change log, nothing else.
No administrator holds another's permissions, and none is a superuser; administrator roles are given
only by `manage.py create_admins` on the server (docs/security-checklist.md).
"""

from __future__ import annotations

SYSADMIN, SECADMIN, AUDITOR = "sysadmin", "secadmin", "auditor"
ADMIN_ROLES = (SYSADMIN, SECADMIN, AUDITOR)

_CALENDAR = ("calendaryear", "calendarday")
_DIRECTORY = ("session", "category", "deputygroup", "unit", "deputy", *_CALENDAR)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    SYSADMIN: frozenset(
        {"suggestions.add_user", "suggestions.change_user", "suggestions.view_user"}
        | {f"suggestions.{v}_{model}" for model in _DIRECTORY for v in ("add", "change", "view")}
        # A calendar day entered by mistake is removed (nothing points at it); the directory's
        # entries are only deactivated.
        | {f"suggestions.delete_{model}" for model in _CALENDAR}
    ),
    SECADMIN: frozenset(
        {"suggestions.view_user", "suggestions.change_user"}
        | {f"auth.{verb}_group" for verb in ("add", "change", "delete", "view")}
        | {"auth.view_permission"}
    ),
    AUDITOR: frozenset(
        {"security.view_auditentry", "security.view_auditarchive", "admin.view_logentry"}
    ),
}

# User fields each administrator may edit in the admin site; everything else is read-only to them.
USER_FIELDS = {
    SYSADMIN: {
        # The business role goes with the unit or deputy link it needs (a deputy becoming a unit
        # handler changes both), as the account service and the API take them: in one save.
        "role",
        "username",
        "password",
        "email",
        "full_name",
        "unit",
        "deputy",
        "is_active",
    },
    SECADMIN: {"role", "groups", "user_permissions"},
}
# Roles the security administrator may hand out (never an administrator role, never his own).
ASSIGNABLE_ROLES = ("deputy", "unit_handler", "unit_head", "staff", "leader")


def admin_role(user) -> str | None:
    role = getattr(user, "role", "")
    return role if role in ADMIN_ROLES and user.is_active else None


def role_permissions(user) -> frozenset[str]:
    role = admin_role(user)
    return ROLE_PERMISSIONS[role] if role else frozenset()
