"""`manage.py check --deploy` also verifies the security settings of this project."""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Warning, register


@register(deploy=True)
def security_settings(app_configs, **kwargs):
    problems = []
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        problems.append(
            Error(
                "FIELD_ENCRYPTION_KEY is not set: personal data cannot be stored.",
                id="security.E001",
            )
        )
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append(
                Error(
                    "FIELD_ENCRYPTION_KEY holds a key that is not a Fernet key.", id="security.E002"
                )
            )
    if not settings.OTP_REQUIRED:
        problems.append(
            Warning(
                "OTP_REQUIRED is off: staff and administrators log in with a password only.",
                id="security.W001",
            )
        )
    if settings.AUDIT_RETENTION_DAYS < 180:
        problems.append(
            Warning("AUDIT_RETENTION_DAYS is below the 180 days required.", id="security.W002")
        )
    return problems
