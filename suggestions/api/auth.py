"""Token login (`POST /api/v1/auth/token/`) and password change (`POST /api/v1/auth/password/`).

Both are throttled per client (DRF ScopedRateThrottle). `check_may_get_token` is the one place
that decides whether a login attempt gets a token: it asks the security app (lock-out by user name,
"password change required" for an initial or expired password, the second factor).
"""

from __future__ import annotations

from django.conf import settings
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

from security import api_auth, policy
from suggestions.api.errors import ErrorSerializer, ValidationErrorSerializer


class TokenRefused(exceptions.PermissionDenied):
    """403 with a specific `code`, e.g. `password_change_required`."""


REFUSALS = {
    "password_change_required": _(
        "Your password must be changed first (POST /api/v1/auth/password/)."
    ),
    # The web login's own messages for the second factor.
    "otp_required": _("Enter the six-digit code from your authenticator app."),
    "otp_invalid": _("The code is wrong or has expired."),
}


def check_may_get_token(*, request, username: str, password: str, otp: str | None):
    """The user who may get a token now; else raise 400 (wrong credentials) or 403 `{code}`.

    Every rule lives in the security app (`security.api_auth`), shared with the web login: each
    failure counts towards the lock-out of the user name, and each refusal is audited.
    """
    user, code = api_auth.authenticate_for_token(
        request, username=username, password=password, otp=otp
    )
    if code == api_auth.INVALID_CREDENTIALS:
        raise _invalid_credentials()
    if code == api_auth.LOCKED_OUT:
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        message = _("Too many failed logins: this account is locked for %(minutes)s minutes.")
        raise TokenRefused(message % {"minutes": minutes}, code=code)
    if code is not None:
        raise TokenRefused(REFUSALS.get(code, code), code=code)
    return user


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=8,
        required=False,
        allow_blank=True,
        help_text="The current six-digit TOTP code, for accounts that need a second factor.",
    )


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
                description=(
                    "Refused: `code` is `locked_out`, `password_change_required` (initial or "
                    "expired password), `otp_required` or `otp_invalid`."
                ),
            ),
        },
        tags=["auth"],
    )
    def post(self, request):
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = check_may_get_token(
            request=request,
            username=data["username"],
            password=data["password"],
            otp=data.get("otp") or None,
        )
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
        # The Django request, so that django-axes counts a wrong old password and honours its lock.
        django_request = getattr(request, "_request", request)
        user = authenticate(
            django_request, username=data["username"], password=data["old_password"]
        )
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
        # Saving records the new hash in the password history (security.validators).
        user.save(update_fields=["password"])
        policy.password_changed(user, django_request, channel="api")
        # Old tokens die with the old password.
        Token.objects.filter(user=user).delete()
        return Response({"detail": str(_("Your password has been changed."))})
