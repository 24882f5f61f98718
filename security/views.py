"""Pages of the security controls: login (with the second factor), the forced password change,
TOTP enrolment and verification, the lock-out answer and permission-checked file downloads."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from security import audit, policy
from security.middleware import SESSION_POLICY, login_url
from security.models.audit import Outcome
from security.uploads import attachment_response


def _next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def lockout_response(request, credentials=None, *args, **kwargs) -> HttpResponse:
    """The answer while a user name is locked (django-axes): 403, JSON for the API."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed logins: this account is locked for %(minutes)s minutes.") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "detail": message}, status=403)
    return render(request, "security/locked_out.html", {"message": message}, status=403)


def _resolve(name: str, default: str) -> str:
    try:
        return resolve_url(name)
    except NoReverseMatch:
        return default


class LoginView(auth_views.LoginView):
    template_name = "security/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return _resolve(settings.LOGIN_REDIRECT_URL, "/")


class LogoutView(auth_views.LogoutView):
    """Logging out deletes the server-side session (Django's logout flushes it)."""

    def get_default_redirect_url(self):
        return login_url()


class LoginPageMixin:
    """Send anonymous visitors to our login page before Django's `login_required` would try
    LOGIN_URL (the workspace may not name one yet)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url())
        return super().dispatch(request, *args, **kwargs)


class PasswordChangeView(LoginPageMixin, auth_views.PasswordChangeView):
    """Also the forced change at first login and after expiry (the middleware sends users here)."""

    template_name = "security/password_change.html"
    success_url = reverse_lazy("security:password_change_done")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reason"] = self.request.session.get(SESSION_POLICY, "")
        context["next"] = _next(self.request)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        policy.password_changed(form.user, self.request)
        self.request.session[SESSION_POLICY] = ""
        return response


class PasswordChangeDoneView(LoginPageMixin, auth_views.PasswordChangeDoneView):
    template_name = "security/password_change_done.html"


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        max_length=8,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def login_required(view):
    """Like Django's, but finds the login page even before the workspace names one "login"."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url())
        return view(request, *args, **kwargs)

    return wrapper


@login_required
def otp_verify(request):
    """Second step of the login: enter the TOTP code; enrol an authenticator app the first time."""
    user = request.user
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        device = device or TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["otp_token"].strip()
        if token.isdigit() and device.verify_token(token):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        audit.record(audit.OTP_FAILED, outcome=Outcome.FAILURE, user=user, request=request)
        form.add_error("otp_token", _("The code is wrong or has expired."))
    context = {
        "form": form,
        "enrolling": enrolling,
        "config_url": device.config_url if enrolling else "",
        "secret": _base32(device) if enrolling else "",
        "next": _next(request),
    }
    return render(request, "security/otp.html", context)


def _base32(device) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


@login_required
def attachment_download(request, pk: int):
    """Serve an uploaded file only to someone allowed to see it; always as a download."""
    return attachment_response(request.user, pk)
