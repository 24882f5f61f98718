"""Two connections doing the same transition at once on PostgreSQL: exactly one wins, the other
gets a clear conflict, nothing is duplicated and the process is not stuck."""

import threading

import pytest
from django.db import connection, connections
from notifications.models import Notification

from suggestions import services
from suggestions.errors import InvalidState
from suggestions.models import Event
from tests import steps
from tests.flowcheck import assert_in_step

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "race tests need PostgreSQL row locks (set DATABASE_URL); SQLite serialises writers"
        )


def race(fn, n=2) -> list:
    """Run fn in n threads released together, each on its own database connection."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = ("ok", fn())
        except Exception as exc:  # noqa: BLE001 - the outcome is what we assert on
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _assert_one_winner(results):
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, InvalidState), repr(error)
    assert error.status_code == 409


TRANSITIONS = {
    "accept": (
        steps.submitted,
        lambda w, s: services.suggestion_accept(user=w.staff, suggestion=s),
        "accepted",
        "zhang",
    ),
    "assign": (
        steps.accepted,
        lambda w, s: services.suggestion_assign(user=w.staff, suggestion=s, lead_unit=w.traffic.pk),
        "assigned",
        "traffic_handler",
    ),
    "sign": (
        steps.assigned,
        lambda w, s: services.assignment_sign(
            user=w.traffic_handler, assignment=steps.assignment_of(s, w.traffic)
        ),
        "signed",
        None,
    ),
    "approve_reply": (
        steps.handled,
        lambda w, s: services.suggestion_approve_reply(user=w.staff, suggestion=s),
        "replied",
        "zhang",
    ),
    "rate": (
        steps.replied,
        lambda w, s: services.suggestion_rate(
            user=w.zhang, suggestion=s, process="satisfied", result="satisfied", met=True
        ),
        "rated",
        "traffic_handler",
    ),
    "close": (
        steps.rated,
        lambda w, s: services.suggestion_close(user=w.staff, suggestion=s),
        "closed",
        "zhang",
    ),
}


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_same_transition_twice_at_once_has_one_winner(world, name):
    setup, act, verb, notified = TRANSITIONS[name]
    suggestion = setup(world)
    results = race(lambda: act(world, suggestion))
    _assert_one_winner(results)
    assert Event.objects.filter(suggestion=suggestion, verb=verb).count() == 1
    if notified:
        recipient = getattr(world, notified)
        assert Notification.objects.filter(recipient=recipient, verb=verb).count() == 1
    assert_in_step(suggestion)


def test_accept_and_not_accept_at_once_leave_one_consistent_outcome(world):
    suggestion = steps.submitted(world)
    results: list = [None, None]
    barrier = threading.Barrier(2)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = ("ok", fn())
        except Exception as exc:  # noqa: BLE001
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=run,
            args=(0, lambda: services.suggestion_accept(user=world.staff, suggestion=suggestion)),
        ),
        threading.Thread(
            target=run,
            args=(
                1,
                lambda: services.suggestion_not_accept(
                    user=world.staff, suggestion=suggestion, reason="个人诉求"
                ),
            ),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    _assert_one_winner(results)
    suggestion.refresh_from_db()
    assert suggestion.status in ("accepted", "not_accepted")
    assert (
        Event.objects.filter(suggestion=suggestion, verb__in=["accepted", "not_accepted"]).count()
        == 1
    )
    assert_in_step(suggestion)
