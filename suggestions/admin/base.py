"""What every admin page that writes through a service shares: the service's refusal shown on
the form or as 403/404, one audit row (the service's) per change, the saved row handed back."""

import contextlib

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from security import audit
from suggestions.errors import InvalidInput, NotPermitted, NotVisible


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
    # Who writes these rows, a rule of `suggestions.permissions` asked on top of Django's model
    # permissions (`staticmethod(perms.can_…)`); None: the model permissions alone.
    keeper = None

    def _kept_by(self, request) -> bool:
        return self.keeper is None or self.keeper(request.user)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._kept_by(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._kept_by(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._kept_by(request)

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
