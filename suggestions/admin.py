"""Django admin for the directory and the calendar. Business state is read-only here: every change
of a suggestion goes through the services (the workspaces, the API). The directory and the
accounts are written through their services too (`suggestions.services.directory`), so the admin
site refuses, records and deactivates exactly as the API does."""

import contextlib

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserCreationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from security import audit
from security.context import current_request
from suggestions import models, services
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, NotPermitted, NotVisible
from suggestions.services.calendar import calendar_day_errors, calendar_year_errors
from suggestions.services.directory import ACCESS_FIELDS, ACCOUNT_FIELDS, directory_entry_errors


class ShowsRefusal:
    """Form mixin: the messages of a service's refusal, on their fields where the form has them."""

    refusal: InvalidInput
    field_aliases: dict = {}

    def clean(self):
        cleaned = super().clean()
        for field, problems in self.refusal.fields.items():
            name = self.field_aliases.get(field, field)
            self.add_error(name if name in self.fields else None, problems)
        if not self.refusal.fields:
            self.add_error(None, str(self.refusal.message))
        return cleaned


@contextlib.contextmanager
def refusals_as_http():
    """A service's refusal of who may act as the admin's HTTP answer: 403, or 404 for an object
    the user may not see."""
    try:
        yield
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except NotVisible as exc:
        raise Http404 from exc


class ServiceWritesAdmin(admin.ModelAdmin):
    """The admin's saves call a service (`save_model`). A refusal rolls back the view's
    transaction and shows the form again with the service's messages; the service's audit row
    stands for the admin's change-log row, which is still written for the object's history."""

    # Service error fields shown on a form field of another name.
    refusal_field_aliases: dict = {}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with refusals_as_http():
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except InvalidInput as refusal:
                # Nothing is left of the attempt (the view's transaction rolled back): the second
                # pass validates the same data and shows the refusal on the form.
                request.service_refusal = refusal
                return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "service_refusal", None)
        if refusal is None:
            return form
        attrs = {"refusal": refusal, "field_aliases": self.refusal_field_aliases}
        return type(form.__name__, (ShowsRefusal, form), attrs)

    def log_addition(self, request, obj, message):
        with audit.recorded_by_service():
            return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        with audit.recorded_by_service():
            return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        with audit.recorded_by_service():
            return super().log_deletions(request, queryset)

    def delete_queryset(self, request, queryset):
        # The list's "delete selected" action: one service call per row, all or none.
        with transaction.atomic(), refusals_as_http():
            for obj in queryset:
                self.delete_model(request, obj)


def adopt_saved(obj, saved) -> None:
    """The admin goes on with its own instance (redirect, change-log row): give it what the
    service wrote."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding, obj._state.db = False, saved._state.db


class RulesForm(forms.ModelForm):
    """A form that also shows a service's own rules (`rules(values)`), in the same round as its
    field messages."""

    @staticmethod
    def rules(values: dict) -> dict:
        return {}

    def clean(self):
        cleaned = super().clean()
        values = dict(cleaned)
        if self.instance.pk is not None:
            # The key is read-only when changing: the rules still need it.
            values.setdefault(self._meta.model._meta.pk.name, self.instance.pk)
        for field, problems in self.rules(values).items():
            if field in self.fields and field in cleaned:
                self.add_error(field, problems)
            elif field not in self.fields:
                self.add_error(None, problems)
        return cleaned


# --- the directory -------------------------------------------------------------------------------
class DirectoryEntryForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        # Asked here as well as by the service, so that these messages come with the form's
        # own ones in one round.
        entry = self.instance if self.instance.pk else None
        for field, problems in directory_entry_errors(self._meta.model, cleaned, entry).items():
            if field in cleaned:
                self.add_error(field, problems)
        return cleaned


class DirectoryAdmin(ServiceWritesAdmin):
    form = DirectoryEntryForm

    def has_add_permission(self, request):
        return super().has_add_permission(request) and perms.can_manage_directory(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and perms.can_manage_directory(request.user)

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


# --- accounts --------------------------------------------------------------------------------
class AccountCreationForm(UserCreationForm):
    """A new account gets its business role, links and an initial password at once, as through
    the API (`services.account_create`); there is no account without a password."""

    class Meta(UserCreationForm.Meta):
        model = models.User
        fields = ("username", "full_name", "email", "role", "unit", "deputy")


class AccountPasswordForm(AdminPasswordChangeForm):
    """A password set for someone else: checked, to be replaced at the next login and audited
    by `services.account_update`.

    Django's switch that turns password sign-in off is left out: a password is the only way to
    sign in here, so an account without one is an account that cannot be used, which is what
    deactivation is for (`is_active`, through `account_update`, seen as such in every list)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        # Django makes both optional when the switch is offered (its "off" needs no password).
        self.fields["password1"].required = self.fields["password2"].required = True

    def clean(self):
        # Posted from a page that still showed the switch, or by hand: refused, not ignored.
        if self.data.get("usable_password") == "false" or "unset-password" in self.data:
            raise forms.ValidationError(
                _("Password sign-in cannot be switched off here; deactivate the account instead.")
            )
        return super().clean()

    def save(self, commit=True):
        # The admin builds this form without the request; the request context knows who acts.
        actor = getattr(current_request.get(), "user", None)
        self.user = services.account_update(
            user=actor, account=self.user, password=self.cleaned_data["password1"]
        )
        return self.user


@admin.register(models.User)
class UserAdmin(ServiceWritesAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "role", "unit", "deputy", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email")}),
        (_("Role"), {"fields": ("role", "unit", "deputy")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Role"), {"fields": ("role", "full_name", "email", "unit", "deputy")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    add_form = AccountCreationForm
    change_password_form = AccountPasswordForm
    change_user_password_template = "admin/suggestions/user/change_password.html"
    refusal_field_aliases = {"password": "password2"}

    def get_queryset(self, request):
        # Superusers' accounts are a superuser's business, as in the API.
        return perms.visible_accounts(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and perms.can_manage_accounts(request.user)

    def has_change_permission(self, request, obj=None):
        user = request.user
        keeper = perms.can_manage_accounts(user) or perms.can_manage_access(user)
        return keeper and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: the audit log keeps pointing at them.
        return False

    def save_model(self, request, obj, form, change):
        actor = request.user
        if not change:
            values = {f: form.cleaned_data[f] for f in ACCOUNT_FIELDS if f in form.cleaned_data}
            password = form.cleaned_data["password1"]
            adopt_saved(obj, services.account_create(user=actor, password=password, **values))
            return
        changes = {f: form.cleaned_data[f] for f in form.changed_data}
        # The keeper of accounts gives a role with the account's links (the API's way); the
        # security administrator gives it with groups and permissions.
        own = ACCOUNT_FIELDS if perms.can_manage_accounts(actor) else ()
        account = {f: v for f, v in changes.items() if f in own}
        access = {f: v for f, v in changes.items() if f in ACCESS_FIELDS and f not in own}
        if set(changes) - set(account) - set(access):
            raise NotPermitted()  # a field no service of this user writes
        if account:
            services.account_update(user=actor, account=obj, **account)
        if access:
            services.account_access_update(user=actor, account=obj, **access)
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Groups and permissions were written by the service; the form's own m2m save would
        # write them again, unchecked.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def user_change_password(self, request, id, form_url=""):
        # Only the keeper of accounts sets someone's password: the security administrator may
        # change an account's role but never take it over.
        if not perms.can_manage_accounts(request.user):
            raise PermissionDenied
        with refusals_as_http():
            try:
                return super().user_change_password(request, id, form_url)
            except InvalidInput as refusal:
                for problems in refusal.fields.values():
                    for problem in problems:
                        messages.error(request, problem)
                return HttpResponseRedirect(request.get_full_path())


# --- the working-day calendar --------------------------------------------------------------------
class CalendarAdmin(ServiceWritesAdmin):
    """The calendar's writes go through `services.calendar_*`; its key (the year, the date) is
    set once, as changing a primary key in the admin would add a second row."""

    key: str

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [self.key] if obj is not None else fields

    def has_add_permission(self, request):
        return super().has_add_permission(request) and perms.can_manage_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and perms.can_manage_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and perms.can_manage_calendar(request.user)


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
