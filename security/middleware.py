"""Request-level controls: idle and absolute session timeouts, the first-login password change and
second-factor steps, and an audit row for every refused request (403, and 404 for signed-in users).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from security import audit, policy
from security.models.audit import Outcome
from security.receivers import SESSION_LAST_SEEN, SESSION_LOGIN_AT

SESSION_POLICY = "security_policy_checked"
# Refreshing the idle clock at most this often keeps most requests free of a session write.
TOUCH_EVERY_SECONDS = 60


def login_url() -> str:
    """The site's login page (the workspace's, if it names one "login"), else ours."""
    try:
        return reverse(settings.LOGIN_URL)
    except NoReverseMatch:
        return reverse("security:login")


def _exempt(request) -> bool:
    path = request.path_info
    return any(path.startswith(p) for p in settings.SECURITY_EXEMPT_PATHS)


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_TIMEOUT seconds without a request, or SESSION_ABSOLUTE_TIMEOUT
    after login whatever the activity; logout deletes the server-side session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = timezone.now().timestamp()
            login_at = request.session.get(SESSION_LOGIN_AT, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            reason = ""
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                reason = "idle_timeout"
            elif now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
                reason = "absolute_timeout"
            if reason:
                request.security_logout_reason = reason
                logout(request)
                return redirect(f"{login_url()}?next={request.path}")
            if now - last_seen > TOUCH_EVERY_SECONDS or SESSION_LOGIN_AT not in request.session:
                request.session[SESSION_LAST_SEEN] = now
                request.session.setdefault(SESSION_LOGIN_AT, now)
        return self.get_response(request)


class LoginPolicyMiddleware:
    """Send a signed-in user to the password change page or the second-factor page until done.

    The password state is looked up once per session (after login) and then kept in the session,
    so ordinary requests cost no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _exempt(request):
            return self.get_response(request)
        session = request.session
        if SESSION_POLICY not in session:
            session[SESSION_POLICY] = policy.password_block_reason(user) or ""
        if session[SESSION_POLICY]:
            return redirect(f"{reverse('security:password_change')}?next={request.path}")
        verified = getattr(user, "is_verified", lambda: False)()
        if policy.otp_required(user) and not verified:
            return redirect(f"{reverse('security:otp')}?next={request.path}")
        return self.get_response(request)


class RefusalAuditMiddleware:
    """Every 403 (and every 404 seen by a signed-in user) becomes an audit row."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if status == 403 or (status == 404 and signed_in):
            audit.record(
                audit.REFUSED,
                outcome=Outcome.REFUSED,
                request=request,
                status=status,
                method=request.method,
                path=request.path[:300],
            )
        return response
