"""Staff enter a paper feedback form for a deputy without an account, marked as staff-entered."""

import pytest

from office.services import rating_enter_from_paper
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import Role, Status, User
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


def _written_by_rating(suggestion, rating):
    """What one rating wrote, without what names the deputy or who typed it in."""
    from notifications.models import Notification

    s = steps.refreshed(suggestion)
    event = s.events.latest("pk")
    assignment = s.assignments.get(role="lead")
    return {
        "rating": (rating.round, rating.process, rating.result, rating.met, rating.comment),
        "suggestion": (s.status, s.round),
        "event": (event.verb, event.from_status, event.to_status, event.round),
        "payload": {k: v for k, v in event.payload.items() if k not in ("rating", "deputy")},
        "assignment": (assignment.status, assignment.round, assignment.due_date),
        "notified": sorted(
            set(
                Notification.objects.filter(action_object_object_id=str(event.pk)).values_list(
                    "verb", "recipient__role"
                )
            )
        ),
    }


def test_paper_form_and_own_rating_write_the_same_rows_but_the_mark(paper_world):
    from suggestions import services

    world = paper_world
    # A second staff member: the one who types the form in is not told of their own change.
    User.objects.create_user(username="staff2", password="x", role=Role.STAFF)
    grades = dict(process="basically_satisfied", result="dissatisfied", met=False, comment="未见面")
    own = steps.replied(world, title="张伟亲自评价的建议")
    in_person = services.suggestion_rate(user=world.zhang, suggestion=own, **grades)
    on_paper = enter(world, **grades)
    mine, paper = (
        _written_by_rating(own, in_person),
        _written_by_rating(world.paper_suggestion, on_paper),
    )
    assert paper.pop("payload") == {**mine.pop("payload"), "entered_by_staff": True}
    assert paper == mine and mine["suggestion"] == (Status.REHANDLING, 2)
    assert (in_person.entered_by_staff, in_person.rated_by) == (False, world.zhang)
    assert (on_paper.entered_by_staff, on_paper.rated_by) == (True, world.staff)


def test_paper_form_gets_the_rating_services_input_checks(paper_world):
    # The control-character guard of every service now covers paper forms too.
    with pytest.raises(InvalidInput) as refused:
        enter(paper_world, comment="见面\x00了")
    assert set(refused.value.fields) == {"comment"}
    assert not paper_world.paper_suggestion.ratings.exists()


def test_a_form_without_a_deputy_is_refused_on_the_deputy_field(paper_world):
    for missing in ("", "abc", "0x1"):
        with pytest.raises(InvalidInput) as refused:
            enter(paper_world, deputy=missing)
        assert set(refused.value.fields) == {"deputy"}
        assert "has an account" not in str(refused.value.fields["deputy"])
