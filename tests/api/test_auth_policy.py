"""The real token and password endpoints apply the security app's rules: lock-out by user name,
the forced change of an initial or expired password (cleared through the API, with history), and
the second factor as `otp`."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from security.models import AccountSecurity, AuditEntry, PasswordHistory
from security.policy import flag_initial_password
from tests.api.client import ok
from tests.personas import PASSWORD

NEW = "Harbour-lights-77"


def token(client, username="zhangwei", password=PASSWORD, **extra):
    return client.post("auth/token/", {"username": username, "password": password, **extra})


def change(client, old=PASSWORD, new=NEW, username="zhangwei"):
    body = {"username": username, "old_password": old, "new_password": new}
    return client.post("auth/password/", body)


def test_fifth_wrong_password_locks_the_username_even_with_the_right_one(world, api):
    client = api()
    codes = [token(client, password="wrong").json()["code"] for _ in range(5)]
    assert codes[:4] == ["invalid"] * 4 and codes[4] in ("invalid", "locked_out")
    locked = token(client)
    assert locked.status_code == 403 and locked.json()["code"] == "locked_out"
    assert "15" in locked.json()["detail"]
    # The password endpoint is no way around the lock, and other users are unaffected.
    assert change(client).json()["code"] == "locked_out"
    assert ok(token(client, username="lina"))["token"]


def test_initial_password_gets_no_token_until_changed_through_the_api(world, api):
    flag_initial_password(world.zhang)
    client = api()
    refused = token(client)
    assert refused.status_code == 403
    assert refused.json()["code"] == "password_change_required"
    assert not Token.objects.filter(user=world.zhang).exists()
    history = PasswordHistory.objects.filter(user=world.zhang).count()
    ok(change(client))
    assert not AccountSecurity.objects.get(user=world.zhang).must_change_password
    assert PasswordHistory.objects.filter(user=world.zhang).count() == history + 1
    assert AuditEntry.objects.filter(action="password_changed", username="zhangwei").exists()
    assert ok(token(client, password=NEW))["token"]
    # Changing back to a recent password is refused by the history rule.
    ok(change(client, old=NEW, new="Second-choice-88"))
    reuse = change(client, old="Second-choice-88", new=NEW)
    assert reuse.status_code == 400
    assert "5" in reuse.json()["fields"]["new_password"][0]


def test_expired_password_must_be_changed_first(world, api, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    ok(change(api()))  # records the change date
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=91)):
        client = api()
        assert token(client, password=NEW).json()["code"] == "password_change_required"
        ok(change(client, old=NEW, new="Fresh-meadow-42"))
        assert ok(token(client, password="Fresh-meadow-42"))["token"]


def current(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=drift):06d}"


@pytest.fixture
def otp_on(settings):
    settings.OTP_REQUIRED = True


def test_staff_token_needs_the_current_second_factor(world, api, otp_on):
    device = TOTPDevice.objects.create(user=world.staff, name="phone", confirmed=True)
    client = api()
    missing = token(client, username=world.staff.username)
    assert missing.status_code == 403 and missing.json()["code"] == "otp_required"
    near = {current(device, drift) for drift in (-1, 0, 1)}
    bad = next(c for c in ("000000", "111111", "222222", "333333") if c not in near)
    wrong = token(client, username=world.staff.username, otp=bad)
    assert wrong.status_code == 403 and wrong.json()["code"] == "otp_invalid"
    assert AuditEntry.objects.filter(action="otp_failed", outcome="refused").exists()
    # A later time step, so the code has not been used by the request above.
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=35)):
        code = current(device)
        assert ok(token(client, username=world.staff.username, otp=code))["token"]
    # A deputy needs no second factor.
    assert ok(token(client))["token"]
