"""Second factor: TOTP required for staff and administrators when OTP_REQUIRED; enrolment at the
first login; the API takes the code as `otp` with the password."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from security import policy
from security.models import AuditEntry
from tests.personas import PASSWORD


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def later(seconds: int = 5) -> None:
    traveller = time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds))
    traveller.start()
    TRAVELS.append(traveller)


TRAVELS: list = []


@pytest.fixture(autouse=True)
def _stop_travels():
    yield
    while TRAVELS:
        TRAVELS.pop().stop()


@pytest.fixture
def otp_on(settings):
    settings.OTP_REQUIRED = True


def test_staff_must_enrol_and_enter_a_code_before_working(world, client, otp_on):
    client.post("/security/login/", {"username": "chenjing", "password": PASSWORD})
    response = client.get("/some/page/")
    assert response.status_code == 302 and response["Location"].startswith("/security/otp/")
    page = client.get("/security/otp/")
    assert page.context["enrolling"] and page.context["config_url"].startswith("otpauth://")
    device = TOTPDevice.objects.get(user=world.staff)
    wrong = client.post("/security/otp/", {"otp_token": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["otp_token"]
    assert AuditEntry.objects.filter(action="otp_failed", username="chenjing").exists()
    later()  # django-otp throttles guessing: the next try must wait a little
    assert (
        client.post("/security/otp/", {"otp_token": code(device), "next": "/x/"})["Location"]
        == "/x/"
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/some/page/").status_code == 404  # through: the page just does not exist


def test_deputies_are_not_asked_for_a_second_factor(world, client, otp_on):
    client.post("/security/login/", {"username": "zhangwei", "password": PASSWORD})
    assert client.get("/some/page/").status_code == 404


def test_demo_setting_off_lets_staff_in_without_a_code(world, client, settings):
    settings.OTP_REQUIRED = False
    client.post("/security/login/", {"username": "chenjing", "password": PASSWORD})
    assert client.get("/some/page/").status_code == 404


def test_api_token_needs_the_current_code_for_staff(world, otp_on):
    device = TOTPDevice.objects.create(user=world.staff, name="phone", confirmed=True)
    assert policy.login_block_reason(world.staff) == "otp_required"
    assert policy.login_block_reason(world.staff, otp="123456") == "otp_invalid"
    later()
    assert policy.login_block_reason(world.staff, otp=code(device)) is None
    assert policy.login_block_reason(world.zhang) is None
