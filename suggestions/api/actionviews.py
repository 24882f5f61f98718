"""One POST endpoint per action: `.../{id}/actions/<name>/`, each with its own documented body.

Check order as in the services: 404 (not visible) → 409 (not in this status) → 403 (not this
caller) → 400 (bad body). A malformed body is reported only after the first three checks pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from suggestions.actions import Action
from suggestions.api.errors import ErrorSerializer, StateErrorSerializer, ValidationErrorSerializer
from suggestions.errors import InvalidState, NotPermitted


@dataclass(frozen=True)
class ActionSpec:
    name: str
    summary: str
    body: type[serializers.Serializer] | None
    run: Callable[[object, object, dict], object]  # (user, obj, validated body)
    answers_object: bool = True  # False: 204, the caller may no longer see the object


def precheck(action: Action, user, obj) -> None:
    """Raise the error the service would raise before looking at the body."""
    status = getattr(obj, "status", None)
    if not action.possible(obj):
        raise InvalidState(status=status)
    if not action.permitted(user, obj):
        raise NotPermitted(status=status)


def validated_body(serializer_class, request, precheck: Callable[[], None]) -> dict:
    """The request body, validated; when it is malformed, `precheck()` first raises the 404, 409
    or 403 the service would have, so errors keep their order."""
    body = serializer_class(data=request.data)
    if not body.is_valid():
        precheck()
        raise ValidationError(body.errors)
    return body.validated_data


def error_responses() -> dict:
    return {
        400: OpenApiResponse(ValidationErrorSerializer, description="Invalid body (per field)."),
        401: OpenApiResponse(ErrorSerializer, description="Not logged in."),
        403: OpenApiResponse(StateErrorSerializer, description="Not permitted for the caller."),
        404: OpenApiResponse(ErrorSerializer, description="Not visible to the caller."),
        409: OpenApiResponse(
            StateErrorSerializer, description="Not possible in the current status (`status`)."
        ),
    }


def make_action_view(
    spec: ActionSpec,
    action: Action,
    *,
    queryset: Callable[[object], object],
    respond: Callable[[object, int], Response],
    detail_serializer: type[serializers.Serializer],
    resource: str,
) -> type[APIView]:
    """An APIView for one action on `resource` ("suggestions" or "assignments")."""
    ok = (
        {200: detail_serializer}
        if spec.answers_object
        else {204: OpenApiResponse(description="Done.")}
    )

    class ActionView(APIView):
        @extend_schema(
            operation_id=f"{resource}_action_{spec.name}",
            summary=spec.summary,
            request=spec.body,
            responses={**ok, **error_responses()},
            tags=[f"{resource} actions"],
        )
        def post(self, request, pk: int):
            obj = get_object_or_404(queryset(request.user), pk=pk)
            data = (
                validated_body(spec.body, request, lambda: precheck(action, request.user, obj))
                if spec.body
                else {}
            )
            spec.run(request.user, obj, data)
            if not spec.answers_object:
                return Response(status=204)
            return respond(request, pk)

    ActionView.__name__ = f"{resource.title()}{spec.name.title().replace('_', '')}View"
    ActionView.__qualname__ = ActionView.__name__
    return ActionView
