"""Admin site under the separation of administrators: the user admin limited per role, the audit
log and its archives read-only for the audit administrator."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.models import Group, Permission

from security import roles
from security.backends import RESERVED_APPS
from security.models import AuditArchive, AuditEntry
from suggestions import permissions as perms
from suggestions import services
from suggestions.admin import (
    ReadOnlyAdmin,
    RulesForm,
    ServiceWritesAdmin,
    UserAdmin,
    adopt_saved,
    refusals_as_http,
)
from suggestions.models import User
from suggestions.services.permission_groups import GROUP_FIELDS, permission_group_errors


def _role(request) -> str | None:
    return None if request.user.is_superuser else roles.admin_role(request.user)


class SeparatedUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        role = _role(request)
        if request.user.is_superuser or obj is None:
            return super().get_readonly_fields(request, obj)
        every = flatten_fieldsets(self.get_fieldsets(request, obj))
        editable = roles.USER_FIELDS.get(role, set())
        return [f for f in every if f not in editable] + ["last_login", "date_joined"]

    def has_change_permission(self, request, obj=None):
        # Administrator accounts are managed only by `create_admins` on the server.
        if obj is not None and roles.admin_role(obj) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [("", "---------")] + [
                c for c in db_field.choices if c[0] in roles.ASSIGNABLE_ROLES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "user_permissions":
            kwargs["queryset"] = Permission.objects.exclude(
                content_type__app_label__in=RESERVED_APPS
            ).select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GroupForm(RulesForm):
    def rules(self, values: dict) -> dict:
        # The group being changed does not take its own name.
        return permission_group_errors(values, self.instance if self.instance.pk else None)

    class Meta:
        model = Group
        fields = ["name", "permissions"]


class SeparatedGroupAdmin(ServiceWritesAdmin):
    """Groups are written by `services.permission_group_*`: the security administrator's, audited
    with the permissions added and removed."""

    form = GroupForm
    keeper = staticmethod(perms.can_manage_access)
    search_fields = ["name"]
    filter_horizontal = ["permissions"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "permissions":
            kwargs["queryset"] = Permission.objects.exclude(
                content_type__app_label__in=RESERVED_APPS
            ).select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        user = request.user
        if change:
            values = {f: form.cleaned_data[f] for f in form.changed_data if f in GROUP_FIELDS}
            saved = services.permission_group_update(user=user, group=obj, **values)
        else:
            values = {f: form.cleaned_data[f] for f in GROUP_FIELDS}
            saved = services.permission_group_create(user=user, **values)
        adopt_saved(obj, saved)

    def save_related(self, request, form, formsets, change):
        # The permissions were written (and audited) by the service; the form's own m2m save
        # would write them again, unchecked.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        with refusals_as_http():
            services.permission_group_delete(user=request.user, group=obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "username", "ip", "action", "object_type", "object_id", "outcome"]
    list_filter = ["action", "outcome"]
    search_fields = ["username", "object_id", "ip"]
    date_hierarchy = "created_at"


@admin.register(AuditArchive)
class AuditArchiveAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "path", "rows", "first_id", "last_id", "sha256"]


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag"]
    list_filter = ["action_flag"]


admin.site.unregister(User)
admin.site.register(User, SeparatedUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, SeparatedGroupAdmin)
