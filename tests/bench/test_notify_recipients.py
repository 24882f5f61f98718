"""Recipients merged into one query (rating, closing) still reach everyone, exactly once."""

from notifications.models import Notification

from suggestions import services
from tests import steps


def _told(verb) -> list[int]:
    return sorted(Notification.objects.filter(verb=verb).values_list("recipient_id", flat=True))


def test_rating_tells_replying_units_and_staff_once_each(world):
    steps.rated(world)
    expected = sorted([world.traffic_handler.pk, world.traffic_head.pk, world.staff.pk])
    assert _told("rated") == expected


def test_closing_tells_deputies_and_replying_units_once_each(world):
    s = steps.closed(world)
    assert s.status == "closed"
    expected = sorted(
        [world.zhang.pk, world.li.pk, world.traffic_handler.pk, world.traffic_head.pk]
    )
    assert _told("closed") == expected


def test_dissatisfied_rating_tells_units_of_the_new_round(world):
    s = steps.replied(world)
    services.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result="dissatisfied", met=False
    )
    assert world.traffic_handler.pk in _told("rehandling")
    assert world.edu_handler.pk not in _told("rehandling")  # a co-unit does not reply
