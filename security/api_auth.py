"""For the API's token endpoint: the same lock-out, password and second-factor rules as the web.

    user, code = authenticate_for_token(request, username=..., password=..., otp=...)

`code` is None on success, else one of: "invalid_credentials" (answer 400), "locked_out",
"password_change_required", "otp_required", "otp_invalid" (answer 403 {"code": code}).
A client with a second factor sends the current TOTP code as `otp` with user name and password.
"""

from __future__ import annotations

from django.contrib.auth import authenticate

from security import audit, policy
from security.models.audit import Outcome

INVALID_CREDENTIALS = "invalid_credentials"
LOCKED_OUT = "locked_out"


def authenticate_for_token(request, *, username: str, password: str, otp: str | None = None):
    # django-axes marks the Django request, not DRF's wrapper, when it locks a user name.
    django_request = getattr(request, "_request", request)
    user = authenticate(django_request, username=username, password=password)
    if getattr(django_request, "axes_locked_out", False):
        return None, LOCKED_OUT
    if user is None:
        return None, INVALID_CREDENTIALS
    reason = policy.login_block_reason(user, otp=otp)
    if reason is not None:
        action = audit.OTP_FAILED if reason == policy.OTP_INVALID else audit.LOGIN
        audit.record(
            action,
            outcome=Outcome.REFUSED,
            user=user,
            request=django_request,
            channel="api",
            reason=reason,
        )
        return None, reason
    audit.record(audit.LOGIN, user=user, request=django_request, channel="api")
    return user, None
