"""The documents page's paper feedback form: a refused entry shows the message and the form again
with what staff typed (deputy, grades, meeting, comment); nothing is saved."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from suggestions.models import Rating, Role, User
from tests.pages import checked, selected, textarea, zh


@pytest.fixture
def staff(paper_world) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(paper_world.staff)
    return client


def _url(world) -> str:
    return reverse("office:documents", args=[world.paper_suggestion.pk])


def test_refused_paper_form_keeps_what_staff_typed(paper_world, staff):
    comment = "单位来过一次，" * 800  # 5600 characters: over the limit
    response = staff.post(
        _url(paper_world),
        {
            "deputy": paper_world.zhao.pk,
            "process": "basically_satisfied",
            "result": "dissatisfied",
            "met": "yes",
            "comment": comment,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("At most 5000 characters.") in page
    assert selected(page, "deputy") == [str(paper_world.zhao.pk)]
    assert selected(page, "process") == ["basically_satisfied"]
    assert selected(page, "result") == ["dissatisfied"]
    assert checked(page, "met")  # the box stays ticked
    assert textarea(page, "comment") == comment
    # The message sits by its field, with no line above the form before it (on a phone that
    # line was the first error, so the field to fix was not brought into view).
    assert zh("Please correct the errors below.") not in page
    assert not Rating.objects.exists()
    assert paper_world.paper_suggestion.status == "replied"


def test_paper_form_entered_twice_says_so_and_keeps_the_second_entry(paper_world, staff):
    first = {"deputy": paper_world.zhao.pk, "process": "satisfied", "result": "satisfied"}
    assert staff.post(_url(paper_world), {**first, "met": "yes"}).status_code == 302
    response = staff.post(
        _url(paper_world),
        {**first, "process": "dissatisfied", "result": "basically_satisfied", "comment": "补录"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert zh("This action is not possible in the current status.") in page
    assert selected(page, "process") == ["dissatisfied"]
    assert selected(page, "result") == ["basically_satisfied"]
    assert checked(page, "met") == [] and textarea(page, "comment") == "补录"
    assert Rating.objects.get().process == "satisfied"


def test_unknown_deputy_is_refused_on_its_field(paper_world, staff):
    response = staff.post(
        _url(paper_world),
        {"deputy": "99999999999999999999", "process": "satisfied", "comment": "备注"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["deputy"]
    assert textarea(response.content.decode(), "comment") == "备注"
    assert not Rating.objects.exists()


NOT_NOTIFIED = (
    "%(deputy)s has no active account and was not notified: tell them in person or by letter "
    "what was recorded in their name."
)


def _enter_zhaos_form(world, client) -> str:
    body = {"deputy": world.zhao.pk, "process": "satisfied", "result": "satisfied", "met": "yes"}
    response = client.post(_url(world), body, follow=True)
    assert response.status_code == 200 and Rating.objects.filter(deputy=world.zhao).exists()
    return response.content.decode()


def test_staff_are_told_that_a_deputy_without_an_account_was_not_notified(paper_world, staff):
    page = _enter_zhaos_form(paper_world, staff)
    assert zh(NOT_NOTIFIED, deputy="赵六") in page


def test_staff_are_told_so_when_the_deputys_account_is_deactivated(paper_world, staff):
    User.objects.create_user(
        username="zhaoliu",
        password="x",
        role=Role.DEPUTY,
        deputy=paper_world.zhao,
        is_active=False,
        email="zhaoliu@example.org",
    )
    page = _enter_zhaos_form(paper_world, staff)
    assert zh(NOT_NOTIFIED, deputy="赵六") in page


def test_the_warning_is_in_english_when_english_is_chosen(paper_world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(paper_world.staff)
    page = _enter_zhaos_form(paper_world, client)
    assert html.escape(NOT_NOTIFIED % {"deputy": "赵六"}) in page
