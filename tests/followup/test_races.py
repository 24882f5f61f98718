"""Races on PostgreSQL with two real connections: confirmations of one promise are serialised by
the suggestion lock, so the promise is fulfilled exactly once and a party never confirms twice."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection, connections

from followup import services
from followup.models import PromiseOutcome
from suggestions.errors import ServiceError
from suggestions.models import Event, Promise, Role, User
from tests.followup.helpers import closed_b_reply
from tests.pgcheck import postgres_reachable

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres(transactional_db):
    # CI runs the suite on SQLite and again on PostgreSQL: a skip in the SQLite pass is fine, a
    # missing PostgreSQL server is not.
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true" and not postgres_reachable():
            pytest.fail("CI needs PostgreSQL at 127.0.0.1:5432 for the race tests")
        pytest.skip("race tests need PostgreSQL: set DATABASE_URL=postgres://…")


def _race(*calls) -> list:
    """Run each call in its own thread (own connection) at the same moment."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except ServiceError as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_last_two_confirmations_at_once_fulfil_exactly_once(postgres, world):
    _suggestion, reply = closed_b_reply(world, days=(30,))
    promise = reply.promises.get()
    services.promise_confirm(user=world.traffic_handler, promise=promise)
    results = _race(
        lambda: services.promise_confirm(user=world.zhang, promise=promise.pk),
        lambda: services.promise_confirm(user=world.staff, promise=promise.pk),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert Promise.objects.get(pk=promise.pk).state == Promise.State.FULFILLED
    assert PromiseOutcome.objects.filter(promise=promise).count() == 1
    assert Event.objects.filter(verb="promise_fulfilled").count() == 1


def test_two_staff_confirming_at_once_one_is_refused_cleanly(postgres, world):
    _suggestion, reply = closed_b_reply(world, days=(30,))
    promise = reply.promises.get()
    second_staff = User.objects.create_user(
        username="staff2", password="x", role=Role.STAFF, full_name="周敏"
    )
    results = _race(
        lambda: services.promise_confirm(user=world.staff, promise=promise.pk),
        lambda: services.promise_confirm(user=second_staff, promise=promise.pk),
    )
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and refused[0].status_code == 400
    assert promise.confirmations.filter(party="staff").count() == 1
