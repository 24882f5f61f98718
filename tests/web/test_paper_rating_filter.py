"""The staff list's "rating entered by staff" filter (page and API): which suggestions it keeps,
for whom, and that it combines with the other filters."""

from __future__ import annotations

import re

import pytest

from office.services import rating_enter_from_paper
from suggestions import services
from suggestions.models import Deputy, Status
from tests import steps
from tests.api.client import Api, ok
from tests.office.conftest import paper_suggestion
from tests.pages import checked
from tests.web.helpers import client_for, url

pytestmark = pytest.mark.django_db


def _enter(world, s, deputy, result="satisfied"):
    rating_enter_from_paper(
        user=world.staff, suggestion=s, deputy=deputy, process="satisfied", result=result, met=True
    )


@pytest.fixture
def forms(world, settings):
    """Lead's paper form (赵六), a co-signer's paper form (孙七, co-signed with 李娜), an online
    rating, and one paper suggestion still waiting for its form."""
    settings.CO_SIGNERS_RATE = True
    zhao = Deputy.objects.create(name="赵六", group=world.street)
    sun = Deputy.objects.create(name="孙七", group=world.street)
    lead_form = paper_suggestion(world, lead=zhao)
    _enter(world, lead_form, zhao, result="dissatisfied")  # → re-handling
    cosigner_form = paper_suggestion(world, lead=zhao, co_signers=[sun, world.li.deputy])
    _enter(world, cosigner_form, zhao)
    _enter(world, cosigner_form, sun)
    services.suggestion_rate(
        user=world.li, suggestion=cosigner_form, process="satisfied", result="satisfied", met=True
    )
    online = steps.rated(world, title="张伟在线评价的建议")
    waiting = paper_suggestion(world, lead=zhao)
    return lead_form, cosigner_form, online, waiting


def _ids(page: str) -> set[int]:
    return {int(i) for i in re.findall(r'data-testid="suggestion-item" data-id="(\d+)"', page)}


def test_staff_list_keeps_only_suggestions_with_a_rating_entered_by_staff(world, forms):
    lead_form, cosigner_form, online, waiting = forms
    client = client_for(world.staff)
    page = client.get(url("staff_all") + "?entered_by_staff=1").content.decode()
    assert _ids(page) == {lead_form.pk, cosigner_form.pk}
    assert checked(page, "entered_by_staff") == ["1"]  # the box stays ticked
    everything = client.get(url("staff_all")).content.decode()
    assert {online.pk, waiting.pk} <= _ids(everything)
    assert checked(everything, "entered_by_staff") == []


def test_filter_combines_with_status_and_search(world, forms):
    lead_form, cosigner_form, _online, _waiting = forms
    client = client_for(world.staff)
    base = url("staff_all") + "?entered_by_staff=1"
    page = client.get(f"{base}&status={Status.REHANDLING}").content.decode()
    assert _ids(page) == {lead_form.pk}
    assert _ids(client.get(f"{base}&q=不存在的词").content.decode()) == set()


def test_api_filter_true_and_false(world, forms):
    lead_form, cosigner_form, online, waiting = forms
    staff = Api(world.staff)
    marked = ok(staff.get("suggestions/", entered_by_staff="true"))
    assert {r["id"] for r in marked["results"]} == {lead_form.pk, cosigner_form.pk}
    unmarked = {r["id"] for r in ok(staff.get("suggestions/", entered_by_staff="false"))["results"]}
    assert {online.pk, waiting.pk} <= unmarked and not unmarked & {lead_form.pk, cosigner_form.pk}
    assert staff.get("suggestions/", entered_by_staff="perhaps").status_code == 400


def test_a_deputy_filters_by_their_own_ratings_only(world, forms):
    """李娜 co-signed the suggestion whose other deputies' forms staff entered; her own rating was
    given online, so the filter does not reveal theirs to her. The unit sees every rating of its
    suggestions, so it finds both."""
    lead_form, cosigner_form, _online, _waiting = forms
    li = ok(Api(world.li).get("suggestions/", entered_by_staff="true"))
    assert li["count"] == 0
    assert ok(Api(world.li).get("suggestions/"))["count"] >= 1
    unit = ok(Api(world.env_handler).get("suggestions/", entered_by_staff="true"))
    assert {r["id"] for r in unit["results"]} == {lead_form.pk, cosigner_form.pk}
