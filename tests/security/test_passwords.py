"""Password policy: length and kinds, no user name, no reuse of the last 5, expiry after 90 days,
and the forced change of an initial password before anything else."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from security import policy
from security.models import AuditEntry, PasswordHistory
from security.policy import flag_initial_password

GOOD = "Lantern-42"


@pytest.mark.parametrize(
    "password",
    ["Ab1-xyz", "abcdefgh12", "ABCDEFGH!!", "zhangwei-A1", "ZhangWei#2026"],
    ids=["too-short", "lower-digit-only", "upper-other-only", "username", "username-any-case"],
)
def test_weak_passwords_are_refused(world, password):
    with pytest.raises(ValidationError):
        validate_password(password, world.zhang)


def test_three_kinds_of_eight_characters_are_accepted(world):
    validate_password(GOOD, world.zhang)
    validate_password("river7stone!", world.zhang)  # lower + digit + other


def test_last_five_passwords_cannot_be_reused_the_sixth_can(world):
    user = world.zhang
    used = [f"Lantern-{n}x" for n in range(6)]
    for password in used:
        user.set_password(password)
        user.save()
    for recent in used[1:]:
        with pytest.raises(ValidationError, match="5"):
            validate_password(recent, user)
    validate_password(used[0], user)
    assert PasswordHistory.objects.filter(user=user).count() == 6


def change_password(user, password=GOOD):
    user.set_password(password)
    user.save()


def test_password_expires_after_the_configured_days(world, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    change_password(world.zhang)
    assert policy.login_block_reason(world.zhang) is None
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=91)
    with time_machine.travel(later):
        assert policy.password_expired(world.zhang)
        assert policy.login_block_reason(world.zhang) == "password_change_required"


def test_initial_password_must_be_changed_before_anything_else(world, client):
    flag_initial_password(world.staff)
    assert policy.login_block_reason(world.staff) == "password_change_required"
    client.force_login(world.staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/security/password/")
    refused = client.post(
        "/security/password/",
        {"old_password": "Demo-pass-2026", "new_password1": "short", "new_password2": "short"},
    )
    assert refused.status_code == 200 and refused.context["form"].errors["new_password2"]
    changed = client.post(
        "/security/password/",
        {"old_password": "Demo-pass-2026", "new_password1": GOOD, "new_password2": GOOD},
    )
    assert changed.status_code == 302
    assert policy.login_block_reason(world.staff) is None
    assert client.get("/admin/").status_code == 302  # not staff in the admin sense: login page
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert AuditEntry.objects.filter(action="password_changed", username="chenjing").exists()


def test_expired_password_redirects_the_web_session(world, client, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    change_password(world.zhang)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=100)):
        client.force_login(world.zhang)
        response = client.get("/anything/")
        assert response["Location"].startswith("/security/password/")
