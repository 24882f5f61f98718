"""What the follow-through endpoints share: reading a body in the services' error order, ids
that fit a database integer, and the error documentation of public endpoints."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from suggestions.api.actionviews import error_responses
from suggestions.errors import InvalidInput

MAX_ID = 2**31 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    """An object id: a database integer, so that no id overflows a query."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def id_list(**kwargs) -> serializers.ListField:
    return serializers.ListField(child=id_field(), max_length=500, **kwargs)


def validated(serializer_class, request, dry_run: Callable[[], object]) -> dict:
    """The request body, validated. A malformed body is answered 400 only after the service's
    own 404 → 409 → 403 checks: `dry_run` calls the service with an empty body, which stops at
    its first error; the savepoint around it is always rolled back, so it never writes."""
    body = serializer_class(data=request.data)
    if body.is_valid():
        return body.validated_data
    try:
        with transaction.atomic():
            try:
                dry_run()
            finally:
                transaction.set_rollback(True)
    except InvalidInput:
        pass
    raise ValidationError(body.errors)


def public_error_responses() -> dict:
    """No login, so never 401."""
    return {code: r for code, r in error_responses().items() if code != 401}
