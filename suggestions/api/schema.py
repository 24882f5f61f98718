"""The OpenAPI generator: every operation documents the errors it may answer with.

Each error has one JSON shape (see `api.errors`); listing them here keeps the views short and
the schema complete, so that schema-driven tests may hold every response to it.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny

from suggestions.api.errors import ErrorSerializer, StateErrorSerializer, ValidationErrorSerializer


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        public = any(p is AllowAny for p in getattr(self.view, "permission_classes", []))
        errors = {
            "400": OpenApiResponse(
                ValidationErrorSerializer, description="Invalid input, per field."
            ),
            "403": OpenApiResponse(StateErrorSerializer, description="Not permitted."),
            "404": OpenApiResponse(ErrorSerializer, description="Not found or not visible."),
        }
        if not public:
            errors["401"] = OpenApiResponse(ErrorSerializer, description="Not logged in.")
        if getattr(self.view, "throttle_scope", None):
            errors["429"] = OpenApiResponse(ErrorSerializer, description="Too many attempts.")
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
