"""Staff enter a paper feedback form for a deputy without an account, marked as staff-entered."""

import pytest

from office.services import rating_enter_from_paper
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import Status
from tests import steps


def enter(world, **kwargs):
    values = dict(
        user=world.staff,
        suggestion=world.paper_suggestion,
        deputy=world.zhao,
        process="satisfied",
        result="basically_satisfied",
        met=True,
    )
    values.update(kwargs)
    return rating_enter_from_paper(**values)


def test_paper_form_rates_the_suggestion_marked_as_staff_entered(paper_world):
    world = paper_world
    rating = enter(world)
    assert rating.entered_by_staff and rating.rated_by == world.staff
    s = steps.refreshed(world.paper_suggestion)
    assert s.status == Status.RATED
    event = s.events.get(verb="rated")
    assert event.actor == world.staff and event.payload["entered_by_staff"] is True


def test_dissatisfied_paper_form_reopens_handling(paper_world):
    enter(paper_world, result="dissatisfied")
    s = steps.refreshed(paper_world.paper_suggestion)
    assert s.status == Status.REHANDLING and s.round == 2


def test_deputy_with_an_account_must_rate_in_person(world):
    s = steps.replied(world)
    with pytest.raises(InvalidInput) as refused:
        rating_enter_from_paper(
            user=world.staff,
            suggestion=s,
            deputy=world.zhang.deputy,
            process="satisfied",
            result="satisfied",
            met=True,
        )
    assert "deputy" in refused.value.fields


def test_only_staff_enter_paper_forms_and_only_once(paper_world):
    with pytest.raises(NotPermitted):
        enter(paper_world, user=paper_world.env_handler)
    enter(paper_world)
    with pytest.raises(InvalidState):
        enter(paper_world)


def test_bad_grades_are_refused_with_field_messages(paper_world):
    with pytest.raises(InvalidInput) as refused:
        enter(paper_world, process="great", met="yes")
    assert set(refused.value.fields) == {"process", "met"}
