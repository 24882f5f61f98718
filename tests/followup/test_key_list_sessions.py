"""The key list's sessions: the web list always shows one session (the current one unless another
is chosen), the API's `key_items/` every session unless asked for one. The difference is kept
(clients rely on the API's published behaviour) and said in the schema and on the page."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from followup import services
from suggestions.models import Session
from tests import steps
from tests.api.client import Api, ok
from tests.pages import zh

NOTE = (
    "This list shows one session at a time: the current one unless you choose another. Through "
    "the API, the key item list shows every session unless asked for one."
)


@pytest.fixture
def last_sessions_item(world):
    """An item of the world's session, which then stops being the current one."""
    s = steps.assigned(world, title="关于学校周边交通安全的建议", cosign=False)
    item = services.key_item_propose(
        user=world.staff,
        session=world.session,
        title="学校周边交通综合治理",
        suggestions=[s.pk],
        leader=world.leader.pk,
        responsible_committee="城建环保工委",
        lead_unit=world.traffic.pk,
    )
    Session.objects.filter(pk=world.session.pk).update(is_current=False)
    world.new_session = Session.objects.create(
        name="第十八届人大第二次会议",
        year=world.session.year + 1,
        start_date=world.session.end_date,
        end_date=world.session.end_date.replace(year=world.session.end_date.year + 1),
        is_current=True,
    )
    return item


def _web_ids(user, **query) -> list[int]:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    response = client.get(reverse("followup:key_list"), query)
    assert response.status_code == 200
    return [i.pk for i in response.context["page"]]


def _api_ids(user, **query) -> list[int]:
    return [i["id"] for i in ok(Api(user).get("key_items/", **query))["results"]]


def test_web_shows_the_current_session_and_the_api_every_session(world, last_sessions_item):
    item = last_sessions_item
    for user in (world.staff, world.traffic_handler):
        assert _web_ids(user) == [] and _api_ids(user) == [item.pk]
        # Asked for the same session, both agree.
        assert _web_ids(user, session=world.session.pk) == [item.pk]
        assert _api_ids(user, session=world.session.pk) == [item.pk]
        assert _api_ids(user, session=world.new_session.pk) == []


def test_the_web_list_says_which_session_it_shows_and_how_the_api_differs(world):
    for user in (world.staff, world.traffic_handler):
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(user)
        page = client.get(reverse("followup:key_list")).content.decode()
        assert 'data-testid="key-session-note"' in page and zh(NOTE) in page


def test_the_schema_says_the_api_lists_every_session_unlike_the_web(tmp_path):
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(path))
    operation = yaml.safe_load(path.read_text())["paths"]["/api/v1/key_items/"]["get"]
    assert (
        "every session" in operation["description"] and "/followup/key/" in operation["description"]
    )
    (session,) = [p for p in operation["parameters"] if p["name"] == "session"]
    assert "every session" in session["description"] and "web" in session["description"]
