"""Token login, its throttle and the password change, through /api/v1/auth/."""

from __future__ import annotations

from rest_framework.authtoken.models import Token

from tests.api.client import ok
from tests.personas import PASSWORD


def test_right_password_gives_a_token_that_opens_the_api(world, api):
    client = api()
    token = ok(client.post("auth/token/", {"username": "zhangwei", "password": PASSWORD}))["token"]
    client.client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert ok(client.get("suggestions/"))["count"] == 0


def test_wrong_password_gives_400_without_saying_which_part_was_wrong(world, api):
    response = api().post("auth/token/", {"username": "zhangwei", "password": "wrong"})
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "password": ["Unable to log in with the username and password given."]
    }
    unknown = api().post("auth/token/", {"username": "nobody", "password": "wrong"})
    assert unknown.json() == response.json()


def test_inactive_user_gets_no_token(world, api):
    world.wang.is_active = False
    world.wang.save()
    response = api().post("auth/token/", {"username": "wangqiang", "password": PASSWORD})
    assert response.status_code == 400 and not Token.objects.filter(user=world.wang).exists()


def test_login_attempts_are_throttled(world, api):
    client = api()
    # A different user name each time: five failures on one name would lock it (403) first.
    codes = [
        client.post("auth/token/", {"username": f"guess{n}", "password": "guess"}).status_code
        for n in range(11)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429
    last = client.post("auth/token/", {"username": "zhangwei", "password": PASSWORD})
    assert (
        last.status_code == 429 and last.json()["code"] == "throttled" and last.json()["wait"] > 0
    )


def test_password_change_checks_the_old_password_and_the_password_rules(world, api):
    old_token = Token.objects.create(user=world.zhang)
    client = api()
    body = {"username": "zhangwei", "old_password": "wrong", "new_password": "Xq7-long-enough-2026"}
    assert client.post("auth/password/", body).json()["fields"] == {
        "old_password": ["Unable to log in with the username and password given."]
    }
    weak = client.post("auth/password/", {**body, "old_password": PASSWORD, "new_password": "123"})
    assert weak.status_code == 400 and len(weak.json()["fields"]["new_password"]) >= 2
    ok(client.post("auth/password/", {**body, "old_password": PASSWORD}))
    assert not Token.objects.filter(key=old_token.key).exists()
    relogin = client.post(
        "auth/token/", {"username": "zhangwei", "password": "Xq7-long-enough-2026"}
    )
    assert relogin.status_code == 200


def test_session_login_works_too(world, client):
    client.force_login(world.staff)
    assert client.get("/api/v1/suggestions/").status_code == 200
