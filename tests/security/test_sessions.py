"""Sessions: idle timeout, absolute lifetime, server-side session deleted at logout; production
settings pass `manage.py check --deploy` with secure cookies, HSTS and a CSP."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import time_machine
from cryptography.fernet import Fernet
from django.contrib.sessions.models import Session

from security.models import AuditEntry

PAGE = "/security/password/"  # any page that needs a login
ROOT = Path(__file__).resolve().parents[2]


def test_idle_session_is_logged_out_and_deleted(world, client):
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(world.zhang)
        key = client.session.session_key
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29 + 31), tick=False):
        response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Session.objects.filter(session_key=key).exists()
    logout = AuditEntry.objects.filter(action="logout").latest("id")
    assert logout.detail == {"reason": "idle_timeout"} and logout.username == "zhangwei"


def test_active_session_still_ends_at_its_absolute_lifetime(world, client, settings):
    settings.SESSION_ABSOLUTE_TIMEOUT = 8 * 3600
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(world.zhang)
    for minutes in range(20, 8 * 60, 20):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=5), tick=False):
        assert client.get(PAGE).status_code == 302
    assert AuditEntry.objects.filter(action="logout").latest("id").detail == {
        "reason": "absolute_timeout"
    }


def test_logout_deletes_the_server_side_session(world, client):
    client.force_login(world.zhang)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post("/security/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(PAGE).status_code == 302


def deploy_env(**extra) -> dict:
    # A test-only switch some browser tests set must not reach the deployment check.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DEBUG="False",
        SECRET_KEY="x7#kQ2!pLm9$vR4@wZ8&nB3^tY6*hJ1(cF5)dG0-sA+eU_iO=rT",
        ALLOWED_HOSTS="rd.example.gov.cn",
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
    )
    env.update(extra)
    return env


def run_manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=deploy_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_on_https_cookies_hsts_csp_and_otp():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.OTP_REQUIRED, 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE,"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])"
    )
    result = run_manage("shell", "-c", code, env=deploy_env())
    expected = ["True", "True", "31536000", "True", "True", "[\"'self'\"]"]
    assert result.stdout.splitlines()[-1].split() == expected


def test_check_deploy_catches_a_missing_key_and_a_disabled_second_factor():
    result = run_manage(
        "check", "--deploy", env=deploy_env(FIELD_ENCRYPTION_KEY="", OTP_REQUIRED="False")
    )
    assert result.returncode != 0
    assert "security.E001" in result.stderr + result.stdout
    assert "security.W001" in result.stderr + result.stdout


def test_production_refuses_to_run_without_an_encryption_key():
    code = "from security.fields import encrypt; encrypt('13800000000')"
    result = run_manage("shell", "-c", code, env=deploy_env(FIELD_ENCRYPTION_KEY=""))
    assert result.returncode != 0 and "FIELD_ENCRYPTION_KEY" in result.stderr
