"""A key item the user may not see answers 404 on the web page and in the API alike, as a missing
one does (and as a suggestion the user may not see does): its existence is not confirmed. Who may
see it gets it in both."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from followup import services
from tests import steps
from tests.api.client import Api


@pytest.fixture
def item(world):
    s = steps.assigned(world, title="关于学校周边交通安全的建议", cosign=False)
    return services.key_item_propose(
        user=world.staff,
        session=world.session,
        title="学校周边交通综合治理",
        suggestions=[s.pk],
        leader=world.leader.pk,
        responsible_committee="城建环保工委",
        lead_unit=world.traffic.pk,
    )


def _web(user, pk: int) -> int:
    client = Client()
    client.force_login(user)
    return client.get(reverse("followup:key_item", args=[pk])).status_code


def _api(user, pk: int) -> int:
    return Api(user).get(f"key_items/{pk}/").status_code


def test_who_may_not_see_the_item_gets_404_on_the_web_as_in_the_api(world, item):
    # Another unit, and the suggestion's own deputy (deputies have no key list).
    for user in (world.edu_handler, world.edu_head, world.zhang, world.wang):
        assert (_web(user, item.pk), _api(user, item.pk)) == (404, 404), user.username


def test_a_missing_item_and_an_invisible_one_look_the_same(world, item):
    missing = item.pk + 1000
    assert _web(world.edu_handler, missing) == _web(world.edu_handler, item.pk) == 404
    assert _api(world.edu_handler, missing) == _api(world.edu_handler, item.pk) == 404


def test_who_may_see_the_item_gets_it_in_both(world, item):
    for user in (world.staff, world.leader, world.traffic_handler, world.traffic_head):
        assert (_web(user, item.pk), _api(user, item.pk)) == (200, 200), user.username


def test_a_suggestion_the_user_may_not_see_is_404_in_both_too(world, item):
    """The rule the key item follows: the suggestion detail's, on the web and in the API."""
    s = item.suggestions.get()
    client = Client()
    client.force_login(world.wang)
    assert client.get(reverse("suggestion_detail", args=[s.pk])).status_code == 404
    assert Api(world.wang).get(f"suggestions/{s.pk}/").status_code == 404
