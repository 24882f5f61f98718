"""Satisfaction that is the deputy's own: only the deputy rates and confirms a meeting, a denied
meeting is flagged to staff, every change is in the event log, and the meeting rate counts only
what deputies confirmed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from followup import services
from followup.selectors.satisfaction import meeting_disputes, meeting_figures, rating_audit
from suggestions import services as core
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import Rating
from suggestions.notify import notification_text
from tests import steps


def _replied_with_claimed_meeting(world):
    s = steps.handled(world)
    core.assignment_record_contact(
        user=world.traffic_handler,
        assignment=steps.assignment_of(s, world.traffic),
        kind="meeting",
        date=timezone.localdate(),
        note="与代表当面沟通",
    )
    return core.suggestion_approve_reply(user=world.staff, suggestion=s)


def test_unit_user_can_never_rate_or_confirm_a_meeting(world):
    s = _replied_with_claimed_meeting(world)
    for unit_user in (world.traffic_handler, world.traffic_head, world.edu_handler):
        with pytest.raises(NotPermitted):
            core.suggestion_rate(
                user=unit_user, suggestion=s, process="satisfied", result="satisfied", met=True
            )
    with pytest.raises(NotVisible):
        core.suggestion_rate(
            user=world.other_handler,
            suggestion=s,
            process="satisfied",
            result="satisfied",
            met=True,
        )
    assert not Rating.objects.exists()
    # The unit recorded a meeting, but only the deputy's confirmation counts.
    assert meeting_figures(world.session) == {"replied": 1, "met": 0}


def test_denied_meeting_is_flagged_to_staff(world):
    s = _replied_with_claimed_meeting(world)
    core.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result="satisfied", met=False
    )
    dispute = meeting_disputes(world.session).get()
    assert (dispute.suggestion_id, dispute.claimed) == (s.pk, 1)
    flag = world.staff.notifications.get(verb="meeting_disputed")
    assert s.title in notification_text(flag)
    assert meeting_figures(world.session) == {"replied": 1, "met": 0}


def test_confirmed_meeting_is_no_dispute(world):
    s = _replied_with_claimed_meeting(world)
    core.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result="satisfied", met=True
    )
    assert not meeting_disputes(world.session).exists()
    assert meeting_figures(world.session) == {"replied": 1, "met": 1}
    assert not world.staff.notifications.filter(verb="meeting_disputed").exists()


def test_rating_change_is_the_deputys_own_and_audited(world):
    s = _replied_with_claimed_meeting(world)
    rating = core.suggestion_rate(
        user=world.zhang,
        suggestion=s,
        process="basically_satisfied",
        result="satisfied",
        met=True,
    )
    for other in (world.traffic_handler, world.traffic_head, world.staff, world.li):
        with pytest.raises((NotPermitted, NotVisible)):
            services.rating_change(
                user=other, rating=rating, process="satisfied", result="satisfied", met=True
            )
    with pytest.raises(InvalidInput):  # re-handling is not opened by editing a rating
        services.rating_change(
            user=world.zhang, rating=rating, process="satisfied", result="dissatisfied", met=True
        )
    services.rating_change(
        user=world.zhang,
        rating=rating,
        process="satisfied",
        result="basically_satisfied",
        met=False,
        comment="其实没有见面",
    )
    change = rating_audit(s).first()
    assert change.verb == "rating_changed" and change.actor == world.zhang
    assert change.payload["before"]["met"] is True and change.payload["after"]["met"] is False
    assert [e.verb for e in rating_audit(s)] == ["rating_changed", "rated"]
    assert meeting_disputes(world.session).count() == 1  # the change is flagged too
    core.suggestion_close(user=world.staff, suggestion=s)
    with pytest.raises(InvalidState):  # closed: the rating stands
        services.rating_change(
            user=world.zhang, rating=rating, process="satisfied", result="satisfied", met=True
        )
