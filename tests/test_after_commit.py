"""Follow-up work after a commit runs once per transaction, however many changes asked for it:
one delivery pass, one search-index task, one new generation of the cached counts."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction

from suggestions import after_commit
from tests import steps

pytestmark = pytest.mark.django_db


def test_an_assignment_asks_for_each_follow_up_once(world, django_capture_on_commit_callbacks):
    s = steps.accepted(world)
    with django_capture_on_commit_callbacks() as callbacks:
        # Three units' rows, the suggestion saved twice, units and deputies told apart.
        steps.services.suggestion_assign(
            user=world.staff, suggestion=s, lead_unit=world.traffic.pk, co_units=[world.edu.pk]
        )
    names = Counter(f"{c.__module__}.{c.__qualname__}" for c in callbacks)
    assert names == {
        "delivery.outbox.kick": 1,
        "office.signals._flush": 1,
        "suggestions.status_counts._bump_after_commit": 1,
        "suggestions.unread_badge._flush": 1,
    }


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_work_runs_at_once():
    ran = []
    after_commit.once(lambda: ran.append(1))
    assert ran == [1]


def test_work_dropped_with_a_rolled_back_savepoint_is_asked_for_again(
    django_capture_on_commit_callbacks,
):
    ran = []

    def work():
        ran.append(1)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                after_commit.once(work)
                raise RuntimeError("the change inside the savepoint fails")
        except RuntimeError:
            pass
        after_commit.once(work)
        after_commit.once(work)
    assert ran == [1]
