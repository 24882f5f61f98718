from django.contrib import admin

from disclosure.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only in the admin: publication changes go through disclosure.services."""

    list_display = ("suggestion", "state", "result_class", "due_date", "approved_by", "approved_at")
    list_filter = ("state", "result_class")
    readonly_fields = [f.name for f in Publication._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
