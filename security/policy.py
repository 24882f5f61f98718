"""Whether an authenticated account may start working now: initial password changed, password not
expired, second factor given where required.

The web login (middleware) and the API token endpoint both ask `login_block_reason`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

PASSWORD_CHANGE_REQUIRED = "password_change_required"
PASSWORD_EXPIRED = "password_expired"
OTP_REQUIRED = "otp_required"
OTP_INVALID = "otp_invalid"

# Roles that must give a second factor when settings.OTP_REQUIRED is on.
OTP_ROLES = ("staff", "sysadmin", "secadmin", "auditor")


def must_change_password(user) -> bool:
    from security.models import AccountSecurity

    return AccountSecurity.objects.filter(user=user, must_change_password=True).exists()


def password_changed_at(user) -> dt.datetime | None:
    from security.models import PasswordHistory

    return (
        PasswordHistory.objects.filter(user=user)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def password_expired(user, now: dt.datetime | None = None) -> bool:
    """Expired when the last recorded change is older than PASSWORD_MAX_AGE_DAYS (0 = never)."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    changed = password_changed_at(user)
    if not days or changed is None:
        return False
    return (now or timezone.now()) - changed > dt.timedelta(days=days)


def password_block_reason(user) -> str | None:
    if must_change_password(user):
        return PASSWORD_CHANGE_REQUIRED
    if password_expired(user):
        return PASSWORD_EXPIRED
    return None


def otp_required(user) -> bool:
    if not settings.OTP_REQUIRED:
        return False
    return bool(user.is_superuser or user.is_staff or user.role in OTP_ROLES)


def verify_otp(user, token: str | None):
    """The user's confirmed device that accepts `token`, or None."""
    from django_otp import match_token

    token = (token or "").strip()
    if not token.isdigit():
        return None
    return match_token(user, token)


def login_block_reason(user, *, otp: str | None = None) -> str | None:
    """Why this authenticated user may not have a session or an API token yet, or None.

    `otp` is the second factor sent with an API token request. Codes: "password_change_required"
    (also for an expired password; change it on the web), "otp_required" (none given),
    "otp_invalid" (wrong or reused code). The API answers 403 {"code": <reason>}.
    """
    if password_block_reason(user):
        return PASSWORD_CHANGE_REQUIRED
    if otp_required(user):
        if not otp:
            return OTP_REQUIRED
        if verify_otp(user, otp) is None:
            return OTP_INVALID
    return None


def flag_initial_password(user) -> None:
    """An administrator set this password: the user must replace it at the next login."""
    from security.models import AccountSecurity

    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


def password_changed(user, request, **detail) -> None:
    """After any password change (web page or API): no change is pending any more, and it is
    audited. The new hash is already in the password history (`PasswordHistoryValidator`)."""
    from security import audit
    from security.models import AccountSecurity

    AccountSecurity.objects.filter(user=user, must_change_password=True).update(
        must_change_password=False
    )
    audit.record(audit.PASSWORD_CHANGED, user=user, request=request, **detail)
