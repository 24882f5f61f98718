"""A co-signer's paper feedback form, entered by staff, follows the co-signers' rating rules
exactly as the co-signer's own rating does (suggestions.services.closing): only when the
co-signers' rating is switched on, only once the reply is out and until it is re-handled or
closed, once a round, and it never moves the suggestion on. 李娜 rates with her account; 孙七 has
none, so staff enter her form; both signed the paper suggestion of 赵六, who has no account."""

from __future__ import annotations

import pytest
from notifications.models import Notification

from office.services import rating_enter_from_paper
from suggestions import services
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import Deputy, Event, Rating, Status
from tests import steps
from tests.office.conftest import paper_suggestion

GRADES = dict(process="basically_satisfied", result="dissatisfied", met=False, comment="未见面")


@pytest.fixture
def cosigned(world, settings):
    settings.CO_SIGNERS_RATE = True
    world.settings = settings
    world.zhao = Deputy.objects.create(name="赵六", group=world.street)
    world.sun = Deputy.objects.create(name="孙七", group=world.street)
    world.cosigned = lambda **kw: paper_suggestion(
        world, lead=world.zhao, co_signers=[world.li.deputy, world.sun], **kw
    )
    return world


def rate(world, route: str, suggestion, **grades) -> Rating:
    """The co-signer's rating: 李娜 herself, or staff entering 孙七's paper form."""
    grades = {**GRADES, **grades}
    if route == "own":
        return services.suggestion_rate(user=world.li, suggestion=suggestion, **grades)
    return rating_enter_from_paper(
        user=world.staff, suggestion=suggestion, deputy=world.sun, **grades
    )


def lead_rates(world, suggestion, result: str):
    rating_enter_from_paper(
        user=world.staff,
        suggestion=suggestion,
        deputy=world.zhao,
        process="satisfied",
        result=result,
        met=True,
    )
    return steps.refreshed(suggestion)


def replied(world, route):
    return world.cosigned()


def not_replied_yet(world, route):
    return world.cosigned(approve=False)


def lead_has_rated(world, route):
    return lead_rates(world, world.cosigned(), "satisfied")


def re_handled(world, route):
    return lead_rates(world, world.cosigned(), "dissatisfied")


def closed(world, route):
    s = lead_rates(world, world.cosigned(), "satisfied")
    return services.suggestion_close(user=world.staff, suggestion=s)


def rated_this_round(world, route):
    s = world.cosigned()
    rate(world, route, s, result="satisfied")
    return s


def switched_off(world, route):
    s = world.cosigned()
    world.settings.CO_SIGNERS_RATE = False
    return s


# situation → what each route gets: None (recorded) or the refusal. Only the switched-off case
# differs in kind: the co-signer herself may not rate (403), while staff may enter forms but not
# for this deputy (a field error on `deputy`); either way nothing is written.
CASES = [
    (replied, None, None),
    (lead_has_rated, None, None),
    (not_replied_yet, InvalidState, InvalidState),
    (re_handled, InvalidState, InvalidState),
    (closed, InvalidState, InvalidState),
    (rated_this_round, InvalidInput, InvalidInput),
    (switched_off, NotPermitted, InvalidInput),
]


@pytest.mark.parametrize("route", ["own", "paper"])
@pytest.mark.parametrize(
    "situation, own_outcome, paper_outcome", CASES, ids=[c[0].__name__ for c in CASES]
)
def test_a_cosigner_may_rate_in_the_same_situations_on_paper_as_in_person(
    cosigned, route, situation, own_outcome, paper_outcome
):
    world = cosigned
    s = situation(world, route)
    status, ratings, events = s.status, Rating.objects.count(), Event.objects.count()
    outcome = own_outcome if route == "own" else paper_outcome
    if outcome is not None:
        with pytest.raises(outcome):
            rate(world, route, s)
        assert (Rating.objects.count(), Event.objects.count()) == (ratings, events)
    else:
        rating = rate(world, route, s)
        assert rating.round == s.round and rating.result == "dissatisfied"
        assert steps.refreshed(s).events.latest("pk").verb == "cosigner_rated"
    # A co-signer's rating, even a dissatisfied one, never moves the suggestion.
    assert (steps.refreshed(s).status, steps.refreshed(s).round) == (status, s.round)


def _written(suggestion, rating) -> dict:
    """What one co-signer's rating wrote, without what names the deputy or who typed it in."""
    s = steps.refreshed(suggestion)
    event = s.events.latest("pk")
    return {
        "rating": (rating.round, rating.process, rating.result, rating.met, rating.comment),
        "suggestion": (s.status, s.round),
        "event": (event.verb, event.from_status, event.to_status, event.round),
        "payload": {k: v for k, v in event.payload.items() if k not in ("rating", "deputy")},
        "notified": Notification.objects.filter(action_object_object_id=str(event.pk)).count(),
    }


def test_a_cosigners_paper_form_writes_what_their_own_rating_writes_but_the_mark(cosigned):
    world = cosigned
    s = world.cosigned()
    in_person = rate(world, "own", s)
    mine = _written(s, in_person)
    on_paper = rate(world, "paper", s)
    paper = _written(s, on_paper)
    assert paper.pop("payload") == {**mine.pop("payload"), "entered_by_staff": True}
    assert paper == mine
    assert mine["suggestion"] == (Status.REPLIED, 1) and mine["notified"] == 0
    assert (in_person.deputy_id, in_person.entered_by_staff, in_person.rated_by) == (
        world.li.deputy_id,
        False,
        world.li,
    )
    assert (on_paper.deputy_id, on_paper.entered_by_staff, on_paper.rated_by) == (
        world.sun.pk,
        True,
        world.staff,
    )
    # The lead's rating still moves the suggestion on afterwards.
    assert lead_rates(world, s, "satisfied").status == Status.RATED
