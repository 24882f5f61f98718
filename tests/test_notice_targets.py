"""A handling unit's notices open the page the unit works on (its own assignment of the suggestion),
on the web ("Open" in the notification list), in the API (`assignment`) and in the link of the
e-mail; every other reader's open the suggestion."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from notifications.models import Notification

from delivery.emails import link_of
from suggestions import services
from tests import steps
from tests.api.client import Api, ok


def _opens(user, notice) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    response = client.post(reverse("notification_read", args=[notice.pk]), {"open": "1"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    return response["Location"]


def _notice(user, verb):
    return Notification.objects.filter(recipient=user, verb=verb).latest("id")


def test_a_unit_opens_its_own_assignment_and_others_the_suggestion(world):
    s = steps.assigned(world)
    for user, unit in ((world.traffic_handler, world.traffic), (world.env_head, world.env)):
        assignment = steps.assignment_of(s, unit)
        notice = _notice(user, "assigned")
        assert _opens(user, notice) == reverse("assignment_detail", args=[assignment.pk])
        assert link_of(notice).endswith(f"/assignments/{assignment.pk}/")
        [listed] = [
            n for n in ok(Api(user).get("notifications/"))["results"] if n["verb"] == "assigned"
        ]
        assert (listed["suggestion"], listed["assignment"]) == (s.pk, assignment.pk)
    notice = _notice(world.zhang, "assigned")
    assert _opens(world.zhang, notice) == reverse("suggestion_detail", args=[s.pk])
    [listed] = ok(Api(world.zhang).get("notifications/", unread="true"))["results"][:1]
    assert listed["assignment"] is None


def test_a_relieved_unit_opens_the_assignment_it_held_until_it_holds_a_new_one(world):
    s = steps.assigned(world)
    env = steps.assignment_of(s, world.env)
    request = services.assignment_request_reassignment(
        user=world.env_handler,
        assignment=env,
        reason="不属于本单位职责。",
        suggested_unit=world.other.pk,
    )
    services.request_approve(user=world.staff, request=request)
    notice = _notice(world.env_handler, "reassignment_approved")
    assert _opens(world.env_handler, notice) == reverse("assignment_detail", args=[env.pk])
    # The unit that took it over passes it back: env holds a new assignment beside the old one.
    other = steps.assignment_of(s, world.other)
    request = services.assignment_request_reassignment(
        user=world.other_handler,
        assignment=other,
        reason="应由生态环境局办理。",
        suggested_unit=world.env.pk,
    )
    services.request_approve(user=world.staff, request=request, unit=world.env.pk)
    again = steps.assignment_of(s, world.env)
    assert again.pk != env.pk
    assert _opens(world.env_handler, notice) == reverse("assignment_detail", args=[again.pk])


def test_the_notification_list_resolves_a_units_page_in_constant_queries(
    world, django_assert_max_num_queries
):
    steps.assigned(world)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.traffic_handler)
    client.get(reverse("notifications"))
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("notifications"))
    for n in range(3):
        steps.assigned(world, title=f"关于改善第{n}小区停车难的建议", cosign=False)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("notifications")).content.decode()
    assert page.count('data-opens="assignment"') == 4
