"""The directory in the admin: sessions, categories, deputy groups, units, deputies, written by
`services.directory_entry_*`; nothing deleted."""

from django.contrib import admin

from suggestions import models, services
from suggestions import permissions as perms
from suggestions.admin.base import RulesForm, ServiceWritesAdmin, adopt_saved
from suggestions.services.directory import directory_entry_errors


class DirectoryEntryForm(RulesForm):
    def rules(self, values: dict) -> dict:
        # Asked here as well as by the service, so that these messages come with the form's
        # own ones in one round.
        entry = self.instance if self.instance.pk else None
        return directory_entry_errors(self._meta.model, values, entry)


class DirectoryAdmin(ServiceWritesAdmin):
    form = DirectoryEntryForm
    keeper = staticmethod(perms.can_manage_directory)

    def has_delete_permission(self, request, obj=None):
        # Nothing in the directory is deleted (suggestions and the audit log point at it); units
        # and deputies are deactivated, as through the API.
        return False

    def save_model(self, request, obj, form, change):
        names = {f.name for f in obj._meta.concrete_fields}
        fields = form.changed_data if change else form.cleaned_data
        values = {f: form.cleaned_data[f] for f in fields if f in names}
        if change:
            saved = services.directory_entry_update(user=request.user, entry=obj, values=values)
        else:
            saved = services.directory_entry_create(
                user=request.user, model=type(obj), values=values
            )
        adopt_saved(obj, saved)


class SessionForm(DirectoryEntryForm):
    class Meta:
        model = models.Session
        fields = ["name", "year", "start_date", "end_date", "is_current", "deadlines"]


@admin.register(models.Session)
class SessionAdmin(DirectoryAdmin):
    form = SessionForm
    list_display = ["name", "year", "start_date", "end_date", "is_current"]


@admin.register(models.Category)
class CategoryAdmin(DirectoryAdmin):
    list_display = ["name", "order"]


@admin.register(models.DeputyGroup)
class DeputyGroupAdmin(DirectoryAdmin):
    list_display = ["name", "kind"]


@admin.register(models.Unit)
class UnitAdmin(DirectoryAdmin):
    list_display = ["code", "name", "responsible_person", "is_active"]
    search_fields = ["code", "name"]


@admin.register(models.Deputy)
class DeputyAdmin(DirectoryAdmin):
    list_display = ["name", "group", "initials", "is_active"]
    list_filter = ["group"]
    search_fields = ["name", "pinyin", "initials"]
