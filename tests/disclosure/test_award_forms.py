"""The staff award page: a refused submission (opening a selection, nominating, scoring) shows the
message and the form again with what staff typed; nothing is saved; a correct one still works."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from disclosure import awards
from disclosure.models import AwardSelection, Nomination
from tests import steps
from tests.pages import input_value, zh

URL = "/disclosure/awards/"


@pytest.fixture
def staff(world) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.staff)
    return client


def test_opening_with_a_number_out_of_range_keeps_every_value(world, staff):
    response = staff.post(
        URL,
        {
            "action": "open",
            "min_satisfaction": "85",  # a percentage, not a fraction
            "unit_share": "0.3",
            "excellent_count": "12",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Enter a fraction between 0 and 1.") in page
    assert input_value(page, "min_satisfaction") == "85"
    assert input_value(page, "unit_share") == "0.3"
    assert input_value(page, "excellent_count") == "12"
    assert zh("Please correct the errors below.") not in page  # the message is by its field
    assert not AwardSelection.objects.exists()


@pytest.mark.parametrize("value", ["八成", "NaN", "Infinity"])
def test_opening_with_no_number_is_refused_never_an_error(world, staff, value):
    response = staff.post(
        URL,
        {"action": "open", "min_satisfaction": value, "unit_share": "0.3", "excellent_count": "²"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Enter a number.") in page and zh("Enter a whole number.") in page
    assert input_value(page, "min_satisfaction") == value
    assert input_value(page, "unit_share") == "0.3"
    assert not AwardSelection.objects.exists()


def test_opening_with_more_decimals_than_kept_is_refused_on_the_field(world, staff):
    """0.8125 would be stored as 0.813: the service says so rather than change the rule."""
    data = {"action": "open", "min_satisfaction": "0.8125", "unit_share": "0.25"}
    response = staff.post(URL, {**data, "excellent_count": "10"})
    page = response.content.decode()
    assert response.status_code == 400
    assert response.context["forms"]["open"].errors["min_satisfaction"]
    assert input_value(page, "min_satisfaction") == "0.8125"
    assert not AwardSelection.objects.exists()


def test_nominating_an_unreplied_suggestion_keeps_number_and_reason(world, staff):
    replied = steps.replied(world, title="已答复的建议", cosign=False)
    waiting = steps.assigned(world, title="尚未答复的建议", cosign=False)
    awards.award_open(user=world.staff, session=world.session)
    response = staff.post(
        URL, {"action": "nominate", "number": waiting.number, "reason": "办理成效显著"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Choose a replied suggestion of this session.") in page
    assert input_value(page, "number") == str(waiting.number)
    assert input_value(page, "reason") == "办理成效显著"
    huge = staff.post(URL, {"action": "nominate", "number": "9" * 30, "reason": "理由"})
    assert huge.status_code == 400 and input_value(huge.content.decode(), "reason") == "理由"
    assert not Nomination.objects.exists()
    done = staff.post(URL, {"action": "nominate", "number": replied.number, "reason": "成效显著"})
    assert done.status_code == 302
    assert Nomination.objects.get().suggestion == replied


def test_a_refused_score_stays_on_its_nomination(world, staff):
    first = steps.replied(world, title="建议一", cosign=False)
    second = steps.replied(world, title="建议二", cosign=False)
    selection = awards.award_open(user=world.staff, session=world.session)
    one = awards.award_nominate(user=world.staff, selection=selection, suggestion=first)
    two = awards.award_nominate(user=world.staff, selection=selection, suggestion=second)
    awards.award_score(user=world.staff, nomination=one, score=70)
    response = staff.post(URL, {"action": "score", "nomination": two.pk, "score": "101"})
    page = response.content.decode()
    assert response.status_code == 400
    assert zh("Enter a whole number from 0 to 100.") in page
    forms = dict(response.context["forms"]["scores"])
    assert forms[two]["score"].value() == "101" and forms[two].errors["score"]
    assert forms[one]["score"].value() == 70 and not forms[one].is_bound
    assert 'value="101"' in page and 'value="70"' in page
    two.refresh_from_db()
    assert two.score is None
    assert (
        staff.post(URL, {"action": "score", "nomination": two.pk, "score": "88"}).status_code == 302
    )
    two.refresh_from_db()
    assert two.score == 88


def test_score_of_an_unknown_nomination_is_not_found(world, staff):
    awards.award_open(user=world.staff, session=world.session)
    assert (
        staff.post(URL, {"action": "score", "nomination": "999", "score": "x"}).status_code == 404
    )


def test_opening_twice_is_refused_with_its_message(world, staff):
    awards.award_open(user=world.staff, session=world.session, min_satisfaction=Decimal("0.7"))
    response = staff.post(
        URL,
        {"action": "open", "min_satisfaction": "0.6", "unit_share": "0.2", "excellent_count": "5"},
    )
    assert response.status_code == 409
    assert zh("A selection is already open for this session.") in response.content.decode()
    assert AwardSelection.objects.get().min_satisfaction == Decimal("0.7")


def test_publishing_with_an_unscored_nomination_says_so(world, staff):
    replied = steps.replied(world, title="建议一", cosign=False)
    selection = awards.award_open(user=world.staff, session=world.session)
    awards.award_nominate(user=world.staff, selection=selection, suggestion=replied)
    response = staff.post(URL, {"action": "publish"})
    assert response.status_code == 400
    assert zh("Score every nomination before publishing.") in response.content.decode()
    assert AwardSelection.objects.get().state == "open"


def test_an_unknown_action_changes_nothing(world, staff):
    response = staff.post(URL, {"action": "bogus", "min_satisfaction": "0.5"})
    assert response.status_code == 400
    assert zh("The request could not be carried out.") in response.content.decode()
    assert not AwardSelection.objects.exists()
