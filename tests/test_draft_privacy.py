"""A deputy's draft is their private work in progress until submitted: committee staff and leaders
neither see nor count it on any page, list, search, export or API. Staff see and edit the drafts
staff registered from paper on a deputy's behalf; the lead deputy and invited co-signers see both.
"""

import importlib
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from disclosure import statistics
from office.search.query import search
from suggestions import permissions as perms
from suggestions import services
from suggestions.errors import InvalidInput
from suggestions.models import Suggestion
from tests import steps
from tests.api.client import Api, ok

pytestmark = pytest.mark.django_db

OWN_TITLE = "关于增设学校周边交通信号灯的建议"
PAPER_TITLE = "关于修缮东城街道老年活动中心的建议"


@pytest.fixture
def drafts(world, django_capture_on_commit_callbacks):
    """张伟's own draft (李娜 invited to co-sign) and a paper draft staff registered for him;
    committed, so that the search index has them."""
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return steps.draft(world, title=OWN_TITLE), steps.paper_draft(world, title=PAPER_TITLE)


def _ids_on_staff_list(client, user, **params) -> set[int]:
    client.force_login(user)
    page = client.get(reverse("staff_all"), params)
    assert page.status_code == 200
    return {s.pk for s in page.context["page"].object_list}


def _ids_in_list_api(user, **params) -> set[int]:
    body = ok(Api(user).get("suggestions/", **params))
    return {row["id"] for row in body["results"]}


def _draft_count(rows, key_status="status", key_count="count") -> int:
    return next(row[key_count] for row in rows if row[key_status] == "draft")


# --- who may see a draft: the one rule ---------------------------------------------------------
def test_the_draft_rule_lets_in_the_deputies_and_staff_only_for_paper_drafts(world, drafts):
    own, paper = drafts
    committee_and_units = (world.staff, world.leader, world.traffic_handler, world.wang)
    for user in (world.zhang, world.li):
        assert perms.can_view_draft(user, own) and perms.can_view_draft(user, paper)
    assert not any(perms.can_view_draft(user, own) for user in committee_and_units)
    assert perms.can_view_draft(world.staff, paper)
    assert not perms.can_view_draft(world.leader, paper)
    assert perms.can_edit_draft(world.staff, paper) and not perms.can_edit_draft(world.staff, own)


def test_the_registrant_is_recorded_by_every_creation_path(world, drafts):
    own, paper = drafts
    assert own.created_by == world.zhang and paper.created_by == world.staff
    body = ok(
        Api(world.zhang).post(
            "suggestions/",
            {"session": world.session.pk, "title": "经接口起草", "content": "内容。"},
        ),
        201,
    )
    assert Suggestion.objects.get(pk=body["id"]).created_by == world.zhang


# --- staff list page, list API, search ---------------------------------------------------------
def test_staff_list_shows_staff_only_the_paper_draft_and_leaders_no_draft(world, drafts, client):
    own, paper = drafts
    filed = steps.submitted(world, title="已提交的建议", cosign=False)
    assert _ids_on_staff_list(client, world.staff) == {paper.pk, filed.pk}
    assert _ids_on_staff_list(client, world.staff, status="draft") == {paper.pk}
    assert _ids_on_staff_list(client, world.staff, q="学校周边") == set()
    assert _ids_on_staff_list(client, world.leader) == {filed.pk}
    assert _ids_on_staff_list(client, world.leader, status="draft") == set()


def test_list_api_shows_staff_only_the_paper_draft_and_leaders_no_draft(world, drafts):
    own, paper = drafts
    assert _ids_in_list_api(world.staff) == {paper.pk}
    assert _ids_in_list_api(world.staff, status="draft") == {paper.pk}
    assert _ids_in_list_api(world.staff, q="学校周边") == set()
    assert _ids_in_list_api(world.leader) == set()
    assert _ids_in_list_api(world.zhang) == {own.pk, paper.pk}
    assert _ids_in_list_api(world.li) == {own.pk, paper.pk}  # invited to co-sign both


def test_search_finds_a_deputys_draft_for_the_deputy_only(world, drafts, client):
    own, paper = drafts
    assert list(search(world.zhang, "学校周边")) == [own]
    assert list(search(world.staff, "学校周边")) == list(search(world.leader, "学校周边")) == []
    assert list(search(world.staff, "老年活动中心")) == [paper]
    client.force_login(world.staff)
    page = client.get(reverse("office:search"), {"q": "学校周边"})
    assert page.status_code == 200 and page.context["results"] == []


def test_ledger_export_leaves_out_the_deputys_draft(world, drafts, client):
    client.force_login(world.staff)
    response = client.get(reverse("office:ledger"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    titles = {row[1] for row in rows[1:]}
    assert titles == {PAPER_TITLE}


# --- detail page and API: invisible means 404 ---------------------------------------------------
def test_detail_page_of_a_deputys_draft_is_404_for_staff_and_leaders(world, drafts, client):
    own, paper = drafts
    expected = {
        (world.zhang, own): 200,
        (world.li, own): 200,
        (world.staff, own): 404,
        (world.leader, own): 404,
        (world.zhang, paper): 200,
        (world.staff, paper): 200,
        (world.leader, paper): 404,
    }
    for (user, s), status in expected.items():
        client.force_login(user)
        for name in ("suggestion_detail", "suggestion_chart"):
            got = client.get(reverse(name, args=[s.pk])).status_code
            assert got == status, (user, s.title, name)
        assert Api(user).get(f"suggestions/{s.pk}/").status_code == status, (user, s.title)
        assert Api(user).get(f"suggestions/{s.pk}/events/").status_code == status


def test_staff_edit_and_submit_the_paper_draft_but_not_the_deputys_own(world, drafts, client):
    own, paper = drafts
    client.force_login(world.staff)
    assert client.get(reverse("suggestion_edit", args=[own.pk])).status_code == 404
    assert client.get(reverse("suggestion_edit", args=[paper.pk])).status_code == 200
    body = {
        "session": world.session.pk,
        "title": "改过的标题",
        "content": "内容。",
        "publication_consent": "full",
    }
    assert Api(world.staff).put(f"suggestions/{own.pk}/", body).status_code == 404
    assert ok(Api(world.staff).put(f"suggestions/{paper.pk}/", body))["title"] == "改过的标题"
    assert Api(world.staff).act("suggestions", own.pk, "submit").status_code == 404
    detail = ok(Api(world.staff).get(f"suggestions/{paper.pk}/"))
    assert "submit" in detail["available_actions"]


def test_merging_into_a_hidden_draft_reads_as_no_such_suggestion(world, drafts):
    own, _paper = drafts
    filed = steps.submitted(world, title="待审查的建议", cosign=False)
    refusals = []
    for into in (own.pk, own.pk + 1000):  # the draft, and no suggestion at all
        with pytest.raises(InvalidInput) as refused:
            services.suggestion_merge(user=world.staff, suggestion=filed, into=into)
        refusals.append(refused.value.fields)
    assert refusals[0] == refusals[1]


def test_a_paper_draft_cannot_reach_a_leaders_key_supervision_page(world, drafts, client):
    _own, paper = drafts
    response = Api(world.staff).act(
        "suggestions", paper.pk, "set_key_supervision", {"leader": world.leader.pk}
    )
    assert response.status_code == 409
    client.force_login(world.leader)
    assert list(client.get(reverse("leader_home")).context["page"].object_list) == []


# --- counts: dashboards and the list's known size ------------------------------------------------
def test_dashboards_count_staff_only_the_paper_draft_and_leaders_none(world, drafts, client):
    for user, expected in ((world.staff, 1), (world.leader, 0)):
        client.force_login(user)
        d = client.get(reverse("staff_dashboard")).context["d"]
        assert next(n for _label, value, n in d["by_status"] if value == "draft") == expected
        assert d["total"] == expected
        api = ok(Api(user).get("staff/dashboard/"))
        assert _draft_count(api["by_status"]) == expected and api["total"] == expected


def test_a_submitted_draft_is_counted_and_listed_for_the_committee(
    world, drafts, client, django_capture_on_commit_callbacks
):
    own, _paper = drafts
    with django_capture_on_commit_callbacks(execute=True):
        services.cosign_confirm(user=world.li, suggestion=own)
        services.suggestion_submit(user=world.zhang, suggestion=own)
    assert own.pk in _ids_on_staff_list(client, world.leader)
    assert ok(Api(world.leader).get("staff/dashboard/"))["total"] == 1


# --- statistics ignore drafts ----------------------------------------------------------------------
def test_statistics_are_the_same_with_or_without_drafts(world):
    steps.closed(world, title="已办结的建议", cosign=False)
    before = statistics.compute(world.session)
    steps.draft(world, title="又一份草稿")
    steps.paper_draft(world, title="又一份纸质草稿")
    assert statistics.compute(world.session) == before


# --- the backfill of migration 0008 -------------------------------------------------------------
def test_drafts_loaded_without_a_registrant_become_the_lead_deputys_own(world, drafts):
    from django.apps import apps

    backfill = importlib.import_module("suggestions.migrations.0008_suggestion_registered_by")
    own, paper = drafts
    filed = steps.submitted(world, title="已提交的建议", cosign=False)
    Suggestion.objects.filter(pk__in=[own.pk, filed.pk]).update(created_by=None)
    backfill.drafts_without_registrant_are_the_deputys_own(apps, None)
    registrants = dict(Suggestion.objects.values_list("pk", "created_by"))
    assert registrants == {own.pk: world.zhang.pk, paper.pk: world.staff.pk, filed.pk: None}
    assert not perms.visible_suggestions(world.staff).filter(pk=own.pk).exists()
