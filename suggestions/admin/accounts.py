"""Accounts in the admin: created, changed and given passwords by the account services, under the
separation of the three administrators."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserCreationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from security.context import current_request
from suggestions import models, services
from suggestions import permissions as perms
from suggestions.admin.base import ServiceWritesAdmin, adopt_saved, refusals_as_http
from suggestions.errors import InvalidInput, NotPermitted
from suggestions.services.directory import ACCESS_FIELDS, ACCOUNT_FIELDS


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
