"""Awards: units ranked by the documented score with default exclusions; suggestions nominated,
scored and published."""

from decimal import Decimal

import pytest
from django.utils import translation

from disclosure import awards
from disclosure.models import AwardSelection, UnitAward
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from tests import steps
from tests.disclosure.data import build


def by_name(ranking):
    return {u.name: u for u in ranking}


def test_unit_score_and_default_exclusions(world):
    build(world)
    ranking = by_name(awards.rank_units(world.session))
    traffic = ranking["区交通运输局"]
    # 30×3/4 + 20×2/4 + 40×3/3 + 10×1/2
    assert traffic.score == Decimal("77.50")
    # First round: satisfied, basically, dissatisfied → 2/3 < 80 %.
    assert "80%" in traffic.excluded_reason and traffic.rank is None and not traffic.awarded
    assert ranking["区教育局"].excluded_reason  # lead only on s7, not replied
    assert ranking["区生态环境局"].excluded_reason  # co-unit only
    lowered = by_name(awards.rank_units(world.session, min_satisfaction=Decimal("0.6")))
    assert lowered["区交通运输局"].rank == 1 and lowered["区交通运输局"].awarded


def test_unresolved_dissatisfaction_excludes_a_unit(world):
    steps.rated(world, result="satisfied")
    ranking = by_name(awards.rank_units(world.session, min_satisfaction=Decimal("0")))
    assert ranking["区交通运输局"].awarded
    steps.rated(world, result="dissatisfied")  # now in re-handling: unresolved
    ranking = by_name(awards.rank_units(world.session, min_satisfaction=Decimal("0")))
    assert ranking["区交通运输局"].excluded_reason and not ranking["区交通运输局"].awarded


@pytest.mark.parametrize(
    "value, message",
    [
        (Decimal("NaN"), "Enter a number."),
        ("nan", "Enter a number."),
        ("sNaN", "Enter a number."),
        (float("nan"), "Enter a number."),
        ("-Infinity", "Enter a number."),
        (None, "Enter a number."),
        (True, "Enter a number."),
        ("八成", "Enter a number."),
        ("1.5", "Enter a fraction between 0 and 1."),
        ("0.8125", "Ensure that there are no more than 3 decimal places."),
    ],
)
def test_opening_refuses_a_minimum_that_is_no_fraction_of_three_decimals(world, value, message):
    with pytest.raises(InvalidInput) as exc, translation.override("en"):
        awards.award_open(user=world.staff, session=world.session, min_satisfaction=value)
    assert exc.value.status_code == 400
    assert exc.value.fields == {"min_satisfaction": [message]}
    assert not AwardSelection.objects.exists()


def test_opening_checks_every_rule_at_once(world):
    with pytest.raises(InvalidInput) as exc:
        awards.award_open(
            user=world.staff,
            session=world.session,
            min_satisfaction=Decimal("NaN"),
            unit_share="0",
            excellent_count=True,
        )
    assert set(exc.value.fields) == {"min_satisfaction", "unit_share", "excellent_count"}
    assert not AwardSelection.objects.exists()
    # Trailing zeros are no decimals: 1.0000 is 1.
    selection = awards.award_open(
        user=world.staff, session=world.session.pk, min_satisfaction="1.0000", unit_share="0.2"
    )
    assert selection.min_satisfaction == 1 and selection.session == world.session


@pytest.mark.parametrize("session", [None, "", 0, 99999, "abc", 2**70])
def test_opening_without_a_session_is_refused_for_staff_only(world, session):
    with pytest.raises(InvalidInput) as exc, translation.override("en"):
        awards.award_open(user=world.staff, session=session)
    assert exc.value.status_code == 400
    assert exc.value.fields == {"session": ["Choose a session."]}
    with pytest.raises(NotPermitted):  # who may not open one is told so first
        awards.award_open(user=world.leader, session=session)
    assert not AwardSelection.objects.exists()


def test_nominate_score_and_publish(world, client):
    known = build(world)
    selection = awards.award_open(
        user=world.staff, session=world.session, min_satisfaction="0.6", excellent_count=1
    )
    with pytest.raises(InvalidState):
        awards.award_open(user=world.staff, session=world.session)
    with pytest.raises(InvalidInput):
        awards.award_nominate(user=world.staff, selection=selection, suggestion=known.s7)
    one = awards.award_nominate(user=world.staff, selection=selection, suggestion=known.s1)
    two = awards.award_nominate(user=world.staff, selection=selection, suggestion=known.s4)
    with pytest.raises(InvalidInput):
        awards.award_publish(user=world.staff, selection=selection)  # unscored
    with pytest.raises(InvalidInput):
        awards.award_score(user=world.staff, nomination=one, score="101")
    awards.award_score(user=world.staff, nomination=one, score=70)
    awards.award_score(user=world.staff, nomination=two, score="88")
    with pytest.raises(NotPermitted):
        awards.award_publish(user=world.leader, selection=selection)
    awards.award_publish(user=world.staff, selection=selection)
    assert AwardSelection.objects.get().state == "published"
    two.refresh_from_db()
    one.refresh_from_db()
    assert two.awarded and not one.awarded
    assert UnitAward.objects.get(unit=world.traffic).awarded
    page = client.get("/public/awards/").content.decode()
    assert known.s4.title in page and known.s1.title not in page and "区交通运输局" in page
    with pytest.raises(InvalidState):
        awards.award_score(user=world.staff, nomination=one, score=99)


def test_staff_award_page(world, client):
    build(world)
    client.force_login(world.staff)
    assert client.get("/disclosure/awards/").status_code == 200
    client.post("/disclosure/awards/", {"action": "open", "min_satisfaction": "x"})
    assert not AwardSelection.objects.exists()
    client.post(
        "/disclosure/awards/",
        {"action": "open", "min_satisfaction": "0.6", "unit_share": "0.25", "excellent_count": "5"},
    )
    assert AwardSelection.objects.get().min_satisfaction == Decimal("0.6")
    page = client.get("/disclosure/awards/").content.decode()
    assert "77.50" in page
    client.force_login(world.traffic_handler)
    assert client.get("/disclosure/awards/").status_code == 403
