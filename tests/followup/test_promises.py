"""A B reply with two promises: one fulfilled with all three confirmations (class upgraded, the
original kept), one not fulfilled with an explanation, then the deputy's implementation rating.
How due promises are reminded is tested in test_promise_delivery."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from followup import services
from followup.models import ImplementationRating, PromiseOutcome
from followup.selectors.promises import (
    class_figures,
    implementation_figures,
    promise_figures,
)
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import Event, Promise
from tests.followup.helpers import closed_b_reply, png
from tests.steps import refreshed

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def closed(world):
    with time_machine.travel(START, tick=False):
        suggestion, reply = closed_b_reply(world, days=(30, 60))
    first, second = reply.promises.order_by("due_date")
    return suggestion, reply, first, second


def test_b_reply_two_promises_full_follow_through(world, closed):
    suggestion, reply, first, second = closed
    # The unit reports progress with a photo as evidence.
    update = services.promise_report_progress(
        user=world.traffic_handler, promise=first, text="信号灯已安装完毕并通电。", files=[png()]
    )
    assert update.evidence.get().content_type == "image/png"
    # Three separate confirmations; the promise is fulfilled only with the third.
    services.promise_confirm(user=world.traffic_handler, promise=first)
    services.promise_confirm(user=world.zhang, promise=first, note="已现场查看")
    assert refreshed(first).state == Promise.State.OPEN
    with pytest.raises(InvalidState):  # a class upgrade needs a fulfilled promise first
        services.reply_upgrade_class(user=world.staff, reply=reply, result_class="A")
    services.promise_confirm(user=world.staff, promise=first)
    assert refreshed(first).state == Promise.State.FULFILLED
    upgraded = services.reply_upgrade_class(user=world.staff, reply=reply, result_class="A")
    assert (upgraded.result_class, upgraded.original_class) == ("A", "B")
    classes = class_figures(session=world.session)
    assert (classes["original_B"], classes["current_B"], classes["current_A"]) == (1, 0, 1)
    assert classes["upgraded"] == 1

    with pytest.raises(InvalidState):  # not yet: a promise is still open
        services.implementation_rate(user=world.zhang, suggestion=suggestion, grade="satisfied")
    with pytest.raises(InvalidInput) as exc:
        services.promise_end_unfulfilled(
            user=world.traffic_handler, promise=second, explanation=" "
        )
    assert "explanation" in exc.value.fields
    services.promise_end_unfulfilled(
        user=world.traffic_handler, promise=second, explanation="用地审批未获通过，改为明年实施。"
    )
    assert refreshed(second).state == Promise.State.NOT_FULFILLED
    assert PromiseOutcome.objects.get(promise=second).explanation.startswith("用地审批")
    assert world.zhang.notifications.filter(verb="implementation_rating_due").exists()

    services.implementation_rate(
        user=world.zhang, suggestion=suggestion, grade="basically_satisfied", comment="部分落实"
    )
    figures = implementation_figures(session=world.session)
    assert (figures["rated"], figures["basically_satisfied"]) == (1, 1)
    promises = promise_figures(session=world.session, as_of=second.due_date)
    assert (promises["due"], promises["fulfilled_due"], promises["rate"]) == (2, 1, 50.0)
    verbs = list(Event.objects.filter(suggestion=suggestion).values_list("verb", flat=True))
    for verb in (
        "promise_progress",
        "promise_confirmed",
        "promise_fulfilled",
        "class_upgraded",
        "promise_not_fulfilled",
        "implementation_rated",
    ):
        assert verb in verbs


def test_each_party_confirms_only_once_and_for_itself(world, closed):
    _suggestion, _reply, first, _second = closed
    services.promise_confirm(user=world.zhang, promise=first)
    with pytest.raises(InvalidInput):
        services.promise_confirm(user=world.zhang, promise=first)
    with pytest.raises(NotVisible):  # a unit not involved does not even see it
        services.promise_confirm(user=world.other_handler, promise=first)
    with pytest.raises(NotVisible):
        services.promise_confirm(user=world.wang, promise=first)
    with pytest.raises(NotPermitted):  # the deputy cannot report the unit's progress
        services.promise_report_progress(user=world.zhang, promise=first, text="已完成")


def test_evidence_is_checked_for_type_and_size(world, closed, settings):
    _suggestion, _reply, first, _second = closed
    fake = SimpleUploadedFile("照片.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    with pytest.raises(InvalidInput) as exc:
        services.promise_report_progress(
            user=world.traffic_handler, promise=first, text="进展", files=[fake]
        )
    assert "files" in exc.value.fields
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(InvalidInput):
        services.promise_report_progress(
            user=world.traffic_handler, promise=first, text="进展", files=[png()]
        )
    assert not first.updates.exists()


def test_implementation_rating_is_the_lead_deputys_own(world, closed):
    suggestion, _reply, first, second = closed
    for promise in (first, second):
        services.promise_end_unfulfilled(
            user=world.staff, promise=promise, explanation="资金未到位"
        )
    for outsider in (world.traffic_handler, world.staff, world.li):
        with pytest.raises((NotPermitted, NotVisible)):
            services.implementation_rate(user=outsider, suggestion=suggestion, grade="satisfied")
    services.implementation_rate(user=world.zhang, suggestion=suggestion, grade="dissatisfied")
    with pytest.raises(InvalidInput):
        services.implementation_rate(user=world.zhang, suggestion=suggestion, grade="satisfied")
    assert ImplementationRating.objects.get().grade == "dissatisfied"
