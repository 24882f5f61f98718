"""What every follow-through view shares: running one service and mapping its errors."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from suggestions.errors import NotVisible, ServiceError


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


def post_bool(request, name: str) -> bool | None:
    """A yes/no field: "1"/"0" (or "yes"/"no"); anything else is None so the service can say so."""
    value = request.POST.get(name)
    return {"1": True, "yes": True, "true": True, "0": False, "no": False, "false": False}.get(
        (value or "").lower()
    )
