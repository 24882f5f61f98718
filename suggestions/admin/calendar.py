"""The working-day calendar in the admin, written by `services.calendar_*`."""

from django.contrib import admin

from suggestions import models, services
from suggestions import permissions as perms
from suggestions.admin.base import RulesForm, ServiceWritesAdmin, adopt_saved, refusals_as_http
from suggestions.services.calendar import calendar_day_errors, calendar_year_errors


class CalendarAdmin(ServiceWritesAdmin):
    """The calendar's writes go through `services.calendar_*`; its key (the year, the date) is
    set once, as changing a primary key in the admin would add a second row."""

    key: str
    keeper = staticmethod(perms.can_manage_calendar)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [self.key] if obj is not None else fields


class CalendarYearForm(RulesForm):
    rules = staticmethod(calendar_year_errors)

    class Meta:
        model = models.CalendarYear
        fields = ["year", "source"]


@admin.register(models.CalendarYear)
class CalendarYearAdmin(CalendarAdmin):
    form = CalendarYearForm
    key = "year"
    list_display = ["year", "source", "updated_at"]

    def save_model(self, request, obj, form, change):
        source = form.cleaned_data["source"]
        saved = services.calendar_year_set(user=request.user, year=obj.year, source=source)
        adopt_saved(obj, saved)

    def delete_model(self, request, obj):
        with refusals_as_http():
            services.calendar_year_remove(user=request.user, year=obj.year)


class CalendarDayForm(RulesForm):
    rules = staticmethod(calendar_day_errors)

    class Meta:
        model = models.CalendarDay
        fields = ["date", "is_workday", "name"]


@admin.register(models.CalendarDay)
class CalendarDayAdmin(CalendarAdmin):
    form = CalendarDayForm
    key = "date"
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data[f] for f in ("is_workday", "name")}
        adopt_saved(obj, services.calendar_day_set(user=request.user, date=obj.date, **values))

    def delete_model(self, request, obj):
        with refusals_as_http():
            services.calendar_day_remove(user=request.user, date=obj.date)
