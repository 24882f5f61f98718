"""What every follow-through view shares: running one service and mapping its errors, with the
user's input kept in a bound form when the service refuses it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from suggestions.errors import InvalidInput, NotVisible, ServiceError
from suggestions.views.common import put_errors


def perform(
    request, action: Callable[[], object], *, page: Callable[..., HttpResponse], success_url: str
) -> HttpResponse:
    """Call the service; on success say so and redirect, else show the page again with the
    error (404 not visible, 403 not permitted, 409 wrong state, 400 invalid input)."""
    try:
        action()
    except NotVisible as exc:
        raise Http404() from exc
    except ServiceError as exc:
        return page(error=exc, status=exc.status_code)
    messages.success(request, _("Saved."))
    return redirect(success_url)


def perform_form(
    request,
    form,
    action: Callable[[dict], object],
    *,
    page: Callable[..., HttpResponse],
    success_url: str,
    values: Callable[[], dict] | None = None,
    extra_forms: Callable[[], dict] | None = None,
) -> HttpResponse:
    """`perform` for input read by a form bound to request.POST. `action(values)` calls the
    service with the form's values (`values()`, else its cleaned data).

    Any refusal shows the page again with the same bound form (`page(form=..., error=...)`), so
    everything the user typed or chose is still there; the service's field errors sit on the
    fields. A form whose input does not even parse is answered only after the service's own
    404 → 409 → 403 checks, as the API does: a dry run with no values, always rolled back.

    When the form itself carries the messages, `error` is None: as on the other workspaces'
    forms, each message is beside its field (or in the form's own errors), and no line at the
    top of the page comes first for errors.js to bring into view instead of the field."""
    if not form.is_valid():
        try:
            with transaction.atomic():
                try:
                    action({})
                finally:
                    transaction.set_rollback(True)
        except NotVisible as exc:
            raise Http404() from exc
        except InvalidInput:
            pass
        except ServiceError as exc:
            return page(form=form, error=exc, status=exc.status_code)
        return page(form=form, error=None, status=InvalidInput.status_code)
    try:
        action(values() if values else form.cleaned_data)
    except NotVisible as exc:
        raise Http404() from exc
    except InvalidInput as exc:
        if exc.fields:
            rename = getattr(form, "field_for", None)
            fields = {rename(k): m for k, m in exc.fields.items()} if rename else exc.fields
            put_errors(form, InvalidInput(fields=fields), extra_forms() if extra_forms else {})
            return page(form=form, error=None, status=exc.status_code)
        return page(form=form, error=exc, status=exc.status_code)
    except ServiceError as exc:
        return page(form=form, error=exc, status=exc.status_code)
    messages.success(request, _("Saved."))
    return redirect(success_url)


def post_bool(request, name: str) -> bool | None:
    """A yes/no field: "1"/"0" (or "yes"/"no"); anything else is None so the service can say so."""
    value = request.POST.get(name)
    return {"1": True, "yes": True, "true": True, "0": False, "no": False, "false": False}.get(
        (value or "").lower()
    )
