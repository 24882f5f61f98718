"""Read-only admin views of the follow-through: changes go through the services only."""

from django.contrib import admin

from followup import models


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.KeyItem)
class KeyItemAdmin(ReadOnly):
    list_display = ["title", "kind", "status", "leader", "responsible_committee", "lead_unit"]
    list_filter = ["status", "session"]


@admin.register(models.Survey)
class SurveyAdmin(ReadOnly):
    list_display = ["title", "session", "status", "opened_at", "closed_at"]


@admin.register(models.ImplementationRating)
class ImplementationRatingAdmin(ReadOnly):
    list_display = ["suggestion", "deputy", "grade", "created_at"]
