"""/api/v1/me/preferences/: the caller's own message channels, through the same form and writer
as the web page (delivery.preferences)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from delivery.channels import preference_of
from delivery.preferences import preference_update
from suggestions.api.actionviews import error_responses


class PreferenceSerializer(serializers.Serializer):
    email = serializers.BooleanField(help_text="Also send messages by e-mail.")
    sms = serializers.BooleanField(help_text="Also send messages by SMS (needs `phone`).")
    phone = serializers.CharField(
        allow_blank=True, max_length=20, help_text="11-digit mainland mobile number."
    )
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES])


def _errors() -> dict:
    return {k: v for k, v in error_responses().items() if k != 409}


class PreferencesView(APIView):
    @extend_schema(
        operation_id="me_preferences_retrieve",
        summary="The caller's message channels (defaults until first saved)",
        responses={200: PreferenceSerializer, **_errors()},
        tags=["me"],
    )
    def get(self, request):
        return Response(PreferenceSerializer(preference_of(request.user)).data)

    @extend_schema(
        operation_id="me_preferences_update",
        summary="Choose the caller's message channels (deadline messages are sent regardless)",
        request=PreferenceSerializer,
        responses={200: PreferenceSerializer, **_errors()},
        tags=["me"],
    )
    def put(self, request):
        body = PreferenceSerializer(data=request.data)
        if not body.is_valid():
            raise ValidationError(body.errors)
        saved = preference_update(user=request.user, data=body.validated_data)
        return Response(PreferenceSerializer(saved).data)
