"""The key supervision list for a handling unit: the web page shows the unit the items it leads,
the same ones the API's `key_items/` gives it, without the staff's proposal form; deputies have
no list on either."""

from __future__ import annotations

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import KeyItem
from followup.views import key_supervision as key_views
from tests import steps
from tests.api.client import Api, ok
from tests.web.helpers import client_for

LIST = reverse("followup:key_list")


def _item(world, title: str, unit, *, listed: bool = False) -> KeyItem:
    item = services.key_item_propose(
        user=world.staff,
        session=world.session,
        title=title,
        suggestions=[steps.assigned(world, title=f"关于{title}的建议", cosign=False).pk],
        leader=world.leader.pk,
        responsible_committee="城建环保工委",
        lead_unit=unit.pk,
    )
    if listed:
        services.key_item_decide(user=world.staff, item=item, selected=True, meeting_ref="会议")
    return item


def _ids_on_page(response) -> list[int]:
    assert response.status_code == 200
    return [item.pk for item in response.context["page"]]


def test_unit_users_see_only_the_items_their_unit_leads_and_no_proposal_form(world):
    ours = _item(world, "公交线路优化", world.traffic)
    theirs = _item(world, "校园周边综合治理", world.edu)
    for user in (world.traffic_handler, world.traffic_head):
        response = client_for(user).get(LIST)
        page = response.content.decode()
        assert _ids_on_page(response) == [ours.pk]
        assert "公交线路优化" in page and "校园周边综合治理" not in page
        assert f'href="{reverse("followup:key_item", args=[theirs.pk])}"' not in page
        assert 'data-testid="key-propose"' not in page and 'name="lead_unit"' not in page
        assert 'data-testid="key-scope"' in page
    response = client_for(world.edu_handler).get(LIST)
    assert _ids_on_page(response) == [theirs.pk]
    assert _ids_on_page(client_for(world.other_handler).get(LIST)) == []


def test_staff_still_see_every_item_and_the_proposal_form(world):
    ours = _item(world, "公交线路优化", world.traffic)
    theirs = _item(world, "校园周边综合治理", world.edu)
    for user in (world.staff, world.leader):
        response = client_for(user).get(LIST)
        assert sorted(_ids_on_page(response)) == sorted([ours.pk, theirs.pk])
        assert 'data-testid="key-scope"' not in response.content.decode()
    page = client_for(world.staff).get(LIST).content.decode()
    assert 'data-testid="key-propose"' in page and 'name="lead_unit"' in page


def test_a_unit_cannot_propose_an_item_from_the_list(world):
    s = steps.assigned(world, title="关于公交线路的建议", cosign=False)
    body = {
        "title": "公交线路优化",
        "suggestions": [s.pk],
        "leader": world.leader.pk,
        "responsible_committee": "城建环保工委",
        "lead_unit": world.traffic.pk,
    }
    for user in (world.traffic_handler, world.traffic_head):
        assert client_for(user).post(LIST, body).status_code == 403
        assert Api(user).post("key_items/", body).status_code == 403
    assert not KeyItem.objects.exists()


def test_deputies_have_no_key_list_on_the_web_or_in_the_api(world):
    item = _item(world, "公交线路优化", world.traffic, listed=True)
    services.activity_schedule(
        user=world.staff,
        item=item,
        kind="meeting",
        date=timezone.localdate(),
        deputies=[world.zhang.pk],
    )
    for user in (world.zhang, world.wang):
        assert client_for(user).get(LIST).status_code == 403
        assert Api(user).get("key_items/").status_code == 403
    # An invited deputy's part is the invitations, on both.
    assert ok(Api(world.zhang).get("key_items/invitations/"))["count"] == 1


def test_the_page_and_the_api_list_the_same_items_for_a_unit(world, monkeypatch):
    monkeypatch.setattr(key_views, "PAGE_SIZE", 2)
    listed = [_item(world, f"督办事项{i}", world.traffic, listed=True) for i in range(3)]
    proposed = _item(world, "公交线路优化", world.traffic)
    _item(world, "校园周边综合治理", world.edu, listed=True)
    unit, api = client_for(world.traffic_handler), Api(world.traffic_handler)
    on_page = _ids_on_page(unit.get(LIST)) + _ids_on_page(unit.get(LIST, {"page": 2}))
    in_api = [i["id"] for i in ok(api.get("key_items/", session=world.session.pk))["results"]]
    assert on_page == in_api and sorted(in_api) == sorted([*(i.pk for i in listed), proposed.pk])
    # The same filter narrows both alike.
    query = {"session": world.session.pk, "status": "proposed"}
    assert _ids_on_page(unit.get(LIST, query)) == [proposed.pk]
    assert [i["id"] for i in ok(api.get("key_items/", **query))["results"]] == [proposed.pk]


def test_the_unit_page_costs_the_same_queries_whatever_the_number_of_items(world):
    unit = client_for(world.traffic_handler)

    def count() -> tuple[int, int]:
        unit.get(LIST)  # a session's first request does one-off checks
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            response = unit.get(LIST)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page"])

    _item(world, "督办事项0", world.traffic, listed=True)
    few, shown = count()
    assert shown == 1
    for i in range(1, 5):
        _item(world, f"督办事项{i}", world.traffic, listed=i % 2 == 0)
    many, shown = count()
    assert shown == 5 and many == few <= 12


def test_the_key_list_link_shows_once_for_exactly_who_may_open_the_page(world):
    for user in (world.staff, world.leader, world.traffic_handler, world.traffic_head, world.zhang):
        client = client_for(user)
        page = client.get(reverse("notifications")).content.decode()
        opens = client.get(LIST).status_code == 200
        assert opens == (user != world.zhang), user.username
        assert page.count('data-testid="nav-key"') == (1 if opens else 0), user.username
