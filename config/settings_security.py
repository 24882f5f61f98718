"""Security controls (GB/T 22239-2019 level 3, PIPL), applied on top of config/settings.py.

Everything is on by default; DEBUG only relaxes what needs HTTPS (secure cookies, HSTS, redirects),
the Content-Security-Policy, the second factor (OTP_REQUIRED) and the development encryption key.
Every value comes from the environment; see docs/security-checklist.md.
"""

from __future__ import annotations

import datetime as dt


def apply(s: dict) -> None:
    """Add the security settings to the settings module's namespace `s`."""
    env, debug = s["env"], s["DEBUG"]
    s["INSTALLED_APPS"] += ["axes", "django_otp", "django_otp.plugins.otp_totp", "security"]
    middleware = s["MIDDLEWARE"]
    after_auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    middleware[after_auth:after_auth] = [
        "django_otp.middleware.OTPMiddleware",
        "security.context.RequestContextMiddleware",
        "security.middleware.RefusalAuditMiddleware",
        "security.middleware.SessionTimeoutMiddleware",
        "security.middleware.LoginPolicyMiddleware",
    ]
    # django-axes must come last: it turns a locked-out request into the lock-out response.
    middleware.append("axes.middleware.AxesMiddleware")
    s["AUTHENTICATION_BACKENDS"] = [
        "security.backends.LockoutBackend",
        "security.backends.RoleModelBackend",
    ]

    # Passwords: >= 8 characters of >= 3 kinds, not the user name, last 5 not reused, 90 days.
    s["PASSWORD_HISTORY_COUNT"] = env.int("PASSWORD_HISTORY_COUNT", default=5)
    s["PASSWORD_MAX_AGE_DAYS"] = env.int("PASSWORD_MAX_AGE_DAYS", default=90)
    s["AUTH_PASSWORD_VALIDATORS"] = [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=8)},
        },
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
        {"NAME": "security.validators.CharacterKindsValidator", "OPTIONS": {"min_kinds": 3}},
        {"NAME": "security.validators.NoUsernameValidator"},
        {"NAME": "security.validators.PasswordHistoryValidator"},
    ]

    # Login failures: lock the user name (whatever the IP) after 5 failures for 15 minutes.
    s["AXES_ENABLED"] = env.bool("AXES_ENABLED", default=True)
    s["AXES_FAILURE_LIMIT"] = env.int("LOGIN_FAILURE_LIMIT", default=5)
    s["AXES_COOLOFF_TIME"] = dt.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
    s["AXES_LOCKOUT_PARAMETERS"] = ["username"]
    s["AXES_RESET_ON_SUCCESS"] = True
    s["AXES_LOCKOUT_CALLABLE"] = "security.views.lockout_response"
    s["AXES_VERBOSE"] = False
    # axes.W006 warns that a lock by user name alone lets an attacker rotate user agents; the
    # user name is locked whatever the agent or address, which is the control asked for.
    s["SILENCED_SYSTEM_CHECKS"] = [*s.get("SILENCED_SYSTEM_CHECKS", []), "axes.W006"]

    # Sessions: server-side (database) sessions, idle timeout, absolute lifetime.
    s["SESSION_ENGINE"] = "django.contrib.sessions.backends.db"
    s["SESSION_IDLE_TIMEOUT"] = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
    s["SESSION_ABSOLUTE_TIMEOUT"] = env.int("SESSION_ABSOLUTE_TIMEOUT", default=8 * 3600)
    s["SESSION_COOKIE_AGE"] = s["SESSION_ABSOLUTE_TIMEOUT"]
    s["SESSION_EXPIRE_AT_BROWSER_CLOSE"] = True
    s["SESSION_COOKIE_HTTPONLY"] = True
    s["SESSION_COOKIE_SAMESITE"] = "Lax"
    # Paths the login policy never redirects: its own pages, the API (token checks there), assets.
    s["SECURITY_EXEMPT_PATHS"] = [
        "/security/",
        "/api/",
        "/static/",
        "/i18n/",
        "/admin/logout/",
        "/accounts/logout/",
    ]
    s["SECURITY_TRUST_X_FORWARDED_FOR"] = env.bool("TRUST_X_FORWARDED_FOR", default=False)

    # Second factor (TOTP) for staff and the administrator roles; off in the `make run` demo.
    s["OTP_REQUIRED"] = env.bool("OTP_REQUIRED", default=not debug)
    s["OTP_TOTP_ISSUER"] = env("OTP_TOTP_ISSUER", default="人大代表建议系统")

    # Audit log retention: rows younger than this are never archived.
    s["AUDIT_RETENTION_DAYS"] = env.int("AUDIT_RETENTION_DAYS", default=180)
    s["AUDIT_ARCHIVE_DIR"] = env("AUDIT_ARCHIVE_DIR", default=str(s["BASE_DIR"] / "var" / "audit"))

    # Personal data encryption key (Fernet; comma-separated for rotation, newest first).
    s["FIELD_ENCRYPTION_KEYS"] = env.list(
        "FIELD_ENCRYPTION_KEY",
        default=["ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE="] if debug else [],
    )

    # Uploads: allowed kinds (checked by content) and the size limit (MAX_UPLOAD_BYTES).
    s["UPLOAD_ALLOWED_EXTENSIONS"] = env.list(
        "UPLOAD_ALLOWED_EXTENSIONS",
        default=["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "txt", "ofd"],
    )

    s["X_FRAME_OPTIONS"] = "DENY"
    s["SECURE_CONTENT_TYPE_NOSNIFF"] = True
    s["SECURE_REFERRER_POLICY"] = "same-origin"
    if not debug:
        _production(s, env)


def _production(s: dict, env) -> None:
    """HTTPS-only cookies, HSTS, redirect to HTTPS and a Content-Security-Policy."""
    s["SESSION_COOKIE_SECURE"] = True
    s["CSRF_COOKIE_SECURE"] = True
    s["CSRF_COOKIE_HTTPONLY"] = True
    s["SECURE_SSL_REDIRECT"] = env.bool("SECURE_SSL_REDIRECT", default=True)
    s["SECURE_HSTS_SECONDS"] = env.int("SECURE_HSTS_SECONDS", default=31536000)
    s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] = True
    s["SECURE_HSTS_PRELOAD"] = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if env.bool("BEHIND_TLS_PROXY", default=False):
        s["SECURE_PROXY_SSL_HEADER"] = ("HTTP_X_FORWARDED_PROTO", "https")
    s["INSTALLED_APPS"] += ["csp"]
    s["MIDDLEWARE"].insert(1, "csp.middleware.CSPMiddleware")
    s["CONTENT_SECURITY_POLICY"] = content_security_policy()


def content_security_policy() -> dict:
    """Only same-origin script files (no inline script, no eval); inline styles are allowed
    (Swagger UI's page and Chart.js set them)."""
    from csp.constants import NONE, SELF

    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF, "'unsafe-inline'"],
            "img-src": [SELF, "data:"],
            "font-src": [SELF, "data:"],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }
