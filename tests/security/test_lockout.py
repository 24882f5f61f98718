"""Lock-out by user name after 5 failures for 15 minutes, on the web login and the token endpoint
alike, whatever the source address; each failure and the lock in the audit log."""

from __future__ import annotations

import datetime as dt

import time_machine
from rest_framework.authtoken.models import Token

from security.models import AuditEntry
from tests.personas import PASSWORD


def web_login(client, password, ip):
    return client.post(
        "/security/login/", {"username": "zhangwei", "password": password}, REMOTE_ADDR=ip
    )


def test_fifth_failure_locks_the_username_from_any_address(world, client):
    for attempt in range(4):
        assert web_login(client, "wrong", f"10.0.0.{attempt}").status_code == 200
    assert web_login(client, "wrong", "10.0.0.5").status_code == 403
    locked = web_login(client, PASSWORD, "192.168.9.9")  # right password, other address
    assert locked.status_code == 403
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", username="zhangwei").count() >= 5
    assert AuditEntry.objects.filter(action="locked_out", username="zhangwei").exists()
    # Another user is not affected.
    other = client.post("/security/login/", {"username": "lina", "password": PASSWORD})
    assert other.status_code == 302


def test_lock_lifts_fifteen_minutes_after_the_last_attempt(world, client):
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        for _attempt in range(5):
            web_login(client, "wrong", "10.0.0.1")
        assert web_login(client, PASSWORD, "10.0.0.1").status_code == 403
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert web_login(client, PASSWORD, "10.0.0.1").status_code == 403
    # The attempt at minute 14 counted too: the lock runs 15 minutes from it.
    with time_machine.travel(start + dt.timedelta(minutes=30), tick=False):
        assert web_login(client, PASSWORD, "10.0.0.1").status_code == 302


TOKEN_URL = "/api/v1/auth/token/"  # the API's real endpoint (suggestions/api/auth.py)


def token_login(client, password, ip="127.0.0.1"):
    body = {"username": "zhangwei", "password": password}
    return client.post(TOKEN_URL, body, content_type="application/json", REMOTE_ADDR=ip)


def test_token_endpoint_locks_the_same_username(world, client):
    for attempt in range(5):
        response = token_login(client, "wrong", f"10.9.0.{attempt}")
        assert response.status_code in (400, 403)
        assert response.json()["code"] in ("invalid", "locked_out")
    locked = token_login(client, PASSWORD, "192.168.9.9")  # right password, other address
    assert locked.status_code == 403
    assert locked.json()["code"] == "locked_out"
    assert not Token.objects.filter(user=world.zhang).exists()
    assert AuditEntry.objects.filter(action="locked_out", username="zhangwei").exists()
    # The web login honours the same lock.
    assert web_login(client, PASSWORD, "10.0.0.1").status_code == 403


def test_token_endpoint_refuses_an_initial_password(world, client):
    from security.policy import flag_initial_password

    flag_initial_password(world.zhang)
    response = token_login(client, PASSWORD)
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert not Token.objects.filter(user=world.zhang).exists()
    assert AuditEntry.objects.filter(
        action="login", outcome="refused", username="zhangwei"
    ).exists()


def test_test_client_login_without_a_request_still_works(world, client):
    assert client.login(username="zhangwei", password=PASSWORD)
    assert not client.login(username="zhangwei", password="wrong")
