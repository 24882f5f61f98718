"""Token login (`POST /api/v1/auth/token/`) and password change (`POST /api/v1/auth/password/`).

Both are throttled per client (DRF ScopedRateThrottle). `check_may_get_token` is the one place
that decides whether a user who gave the right password gets a token (lock-out and
"password change required" hook in there).
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from suggestions.api.errors import ErrorSerializer, ValidationErrorSerializer


class TokenRefused(exceptions.PermissionDenied):
    """403 with a specific `code`, e.g. `password_change_required`."""


def check_may_get_token(*, request, username: str, user) -> None:
    """Decide whether a login attempt may yield a token; raise an APIException to refuse.

    `user` is None when the username or password was wrong. Hook for the hardening work:
    count failures and lock the username out, and refuse with
    `TokenRefused(detail, code="password_change_required")` until the password is changed.
    Today every correct login gets a token (inactive users never authenticate).
    """
    return None


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class PasswordChangeSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    old_password = serializers.CharField(max_length=128)
    new_password = serializers.CharField(max_length=128)


class MessageSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _invalid_credentials(field: str = "password"):
    message = _("Unable to log in with the username and password given.")
    return exceptions.ValidationError({field: [message]})


class AuthView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]


class TokenView(AuthView):
    throttle_scope = "auth_token"

    @extend_schema(
        summary="Log in: exchange username and password for an API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(ValidationErrorSerializer, description="Wrong credentials."),
            403: OpenApiResponse(
                ErrorSerializer,
                description="Refused, e.g. `code` `password_change_required`.",
            ),
        },
        tags=["auth"],
    )
    def post(self, request):
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        username = body.validated_data["username"]
        user = authenticate(request, username=username, password=body.validated_data["password"])
        check_may_get_token(request=request, username=username, user=user)
        if user is None:
            raise _invalid_credentials()
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class PasswordView(AuthView):
    throttle_scope = "auth_password"

    @extend_schema(
        summary="Change a password with the old one (also when a change is required)",
        request=PasswordChangeSerializer,
        responses={200: MessageSerializer},
        tags=["auth"],
    )
    def post(self, request):
        body = PasswordChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = authenticate(request, username=data["username"], password=data["old_password"])
        if user is None:
            raise _invalid_credentials("old_password")
        if data["new_password"] == data["old_password"]:
            raise exceptions.ValidationError(
                {"new_password": [_("The new password must differ from the old one.")]}
            )
        try:
            validate_password(data["new_password"], user)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"new_password": list(exc.messages)}) from None
        user.set_password(data["new_password"])
        # The hardening work clears its "password change required" mark here as well.
        user.save(update_fields=["password"])
        # Old tokens die with the old password.
        Token.objects.filter(user=user).delete()
        return Response({"detail": str(_("Your password has been changed."))})
