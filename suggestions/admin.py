"""Django admin for the directory and the calendar. Business state is read-only here: every change
of a suggestion goes through the services (the workspaces, the API)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from suggestions import models, workdays
from suggestions.services.directory import directory_entry_errors


class SessionForm(forms.ModelForm):
    class Meta:
        model = models.Session
        fields = ["name", "year", "start_date", "end_date", "is_current", "deadlines"]

    def clean(self):
        cleaned = super().clean()
        # The admin site saves the row itself; the rules and their messages are the service's.
        entry = self.instance if self.instance.pk else None
        for field, messages in directory_entry_errors(models.Session, cleaned, entry).items():
            if field in cleaned:
                self.add_error(field, messages)
        return cleaned


@admin.register(models.Session)
class SessionAdmin(admin.ModelAdmin):
    form = SessionForm
    list_display = ["name", "year", "start_date", "end_date", "is_current"]


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]


@admin.register(models.DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "responsible_person", "is_active"]
    search_fields = ["code", "name"]


@admin.register(models.Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "initials", "is_active"]
    list_filter = ["group"]
    search_fields = ["name", "pinyin", "initials"]


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "unit", "deputy", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Role"), {"fields": ("role", "full_name", "unit", "deputy")}),
    )


class CalendarDayInline(admin.TabularInline):
    model = models.CalendarDay
    extra = 0


@admin.register(models.CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "updated_at"]


@admin.register(models.CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        workdays.invalidate_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        workdays.invalidate_cache()


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
