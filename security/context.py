"""The request being served, kept in a context variable so that audit rows written deep inside a
service know the user and source IP without passing the request around."""

from __future__ import annotations

import contextvars

from django.conf import settings

current_request: contextvars.ContextVar = contextvars.ContextVar("current_request", default=None)


def client_ip(request) -> str | None:
    """The source address; behind a trusted proxy (setting) the first X-Forwarded-For hop."""
    if request is None:
        return None
    if getattr(settings, "SECURITY_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
