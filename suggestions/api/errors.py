"""Every API error as JSON `{"detail", "code", ...}` in the request's language.

Service errors keep their status (404 → 409 with the current `status` → 403 → 400 with `fields`);
DRF's own errors (401, 403, 404, 405, 415, 429, parse errors) get the same shape.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from suggestions.errors import InvalidInput, ServiceError


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Human-readable message in the request's language.")
    code = serializers.CharField(help_text="Machine-readable error code.")


class StateErrorSerializer(ErrorSerializer):
    status = serializers.CharField(
        required=False, help_text="The object's current status (409: why the action is refused)."
    )


class ValidationErrorSerializer(ErrorSerializer):
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field; nested fields are dotted, e.g. `promises.0.due_date`.",
    )


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail → {"field" or "parent.0.child": [messages]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list) and any(isinstance(v, dict | list) for v in detail):
        for index, value in enumerate(detail):
            if value:
                out.update(flatten(value, f"{prefix}.{index}" if prefix else str(index)))
    elif isinstance(detail, list):
        out[prefix or "non_field_errors"] = [str(m) for m in detail]
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def _service_error(exc: ServiceError) -> Response:
    body: dict = {"detail": str(exc.message), "code": exc.code}
    if exc.current_status:
        body["status"] = str(exc.current_status)
    if isinstance(exc, InvalidInput) or exc.fields:
        body["fields"] = {k: [str(m) for m in v] for k, v in exc.fields.items()}
    return Response(body, status=exc.status_code)


def exception_handler(exc, context) -> Response | None:
    if isinstance(exc, ServiceError):
        return _service_error(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: let it surface (tests must see it)
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("Please correct the errors below."),
            "code": "invalid",
            "fields": flatten(exc.detail),
        }
        return response
    detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    body = {
        "detail": str(detail if not isinstance(detail, list | dict) else exc.default_detail),
        "code": codes if isinstance(codes, str) else getattr(exc, "default_code", "error"),
    }
    if isinstance(exc, exceptions.ParseError):
        # Every 400 has per-field messages; a body that is not JSON belongs to no single field.
        body["fields"] = {"non_field_errors": [body["detail"]]}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        body["wait"] = int(exc.wait)
    response.data = body
    return response
