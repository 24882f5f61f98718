"""Authentication against the user table; permissions of administrators come from their role only.

An administrator's group or per-user permissions are ignored, so a security administrator cannot
grant himself (or a colleague) another administrator's powers.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from security.roles import admin_role, role_permissions


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lock-out check for every login that comes with a request (web and API).

    Calls without a request (the test client's `login()`, the shell) cannot come from the network;
    they skip the check instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# Permissions only ever held through an administrator role, never through groups.
RESERVED_APPS = ("security", "admin", "auth", "axes", "otp_totp", "sessions", "contenttypes")


class RoleModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if admin_role(user_obj):
            return set(role_permissions(user_obj))
        granted = super().get_all_permissions(user_obj, obj)
        return {p for p in granted if p.split(".", 1)[0] not in RESERVED_APPS}

    def get_user_permissions(self, user_obj, obj=None):
        if admin_role(user_obj):
            return set()
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        if admin_role(user_obj):
            return set()
        return super().get_group_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
