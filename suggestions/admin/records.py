"""Suggestions and their events in the admin: read only (their changes are the services')."""

from django.contrib import admin

from suggestions import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "session", "lead_deputy", "status"]
    list_filter = ["session", "status"]
    search_fields = ["title"]


@admin.register(models.Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "suggestion", "verb", "from_status", "to_status", "actor"]
    list_filter = ["verb"]
