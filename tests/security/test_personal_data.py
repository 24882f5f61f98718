"""Personal data (phone, ID number, address) encrypted at rest and masked for roles that do not
need it."""

from __future__ import annotations

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory

from security.fields import PREFIX
from security.masking import mask_address, mask_id_number, mask_phone, personal_data
from suggestions.models import Deputy

PHONE, ID_NUMBER, ADDRESS = "13812345678", "110101199003071234", "北京市东城区景山街道某某胡同8号"


def with_personal_data(world) -> Deputy:
    deputy = world.zhang.deputy
    deputy.phone, deputy.id_number, deputy.address = PHONE, ID_NUMBER, ADDRESS
    deputy.save()
    return deputy


def test_values_are_ciphertext_in_the_database_and_plain_in_python(world):
    deputy = with_personal_data(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, id_number, address FROM suggestions_deputy WHERE id = %s", [deputy.pk]
        )
        stored = cursor.fetchone()
    for raw, plain in zip(stored, (PHONE, ID_NUMBER, ADDRESS), strict=True):
        assert raw.startswith(PREFIX) and plain not in raw
    fresh = Deputy.objects.get(pk=deputy.pk)
    assert (fresh.phone, fresh.id_number, fresh.address) == (PHONE, ID_NUMBER, ADDRESS)


def test_same_value_encrypts_differently_each_time(world):
    a = with_personal_data(world)
    b = world.li.deputy
    b.phone = PHONE
    b.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM suggestions_deputy WHERE id IN (%s, %s)", [a.pk, b.pk])
        first, second = (row[0] for row in cursor.fetchall())
    assert first != second


def test_masks_hide_the_middle():
    assert mask_phone(PHONE) == "138****5678"
    assert mask_id_number(ID_NUMBER) == "1101**********1234"
    assert mask_address(ADDRESS) == "北京市东城区****"
    assert mask_phone("") == "" and mask_address("") == ""


def test_staff_and_the_deputy_see_full_values_others_masked(world):
    deputy = with_personal_data(world)
    assert personal_data(world.staff, deputy)["phone"] == PHONE
    assert personal_data(world.zhang, deputy)["id_number"] == ID_NUMBER
    for other in (world.li, world.leader, world.edu_handler):
        shown = personal_data(other, deputy)
        assert shown == {
            "phone": "138****5678",
            "id_number": "1101**********1234",
            "address": "北京市东城区****",
        }


def test_template_tag_masks_for_the_viewer(world):
    deputy = with_personal_data(world)
    template = Template('{% load security %}{% personal deputy "phone" %}')
    request = RequestFactory().get("/")
    request.user = world.traffic_handler
    assert template.render(Context({"deputy": deputy, "request": request})) == "138****5678"
    request.user = world.staff
    assert template.render(Context({"deputy": deputy, "request": request})) == PHONE
