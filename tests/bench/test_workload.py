"""The transition workload really moves suggestions forward through the services in separate
worker processes, and the raw-SQL baseline writes its event rows (PostgreSQL only)."""

import pytest
from django.db import connection

from bench import transitions
from bench.generator import generate
from suggestions.models import Event, Status, Suggestion

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the workload forks worker processes with their own PostgreSQL connections")


def test_workers_advance_suggestions_without_errors():
    generate(60, sessions=1, units=6, deputies=30, seed=5)
    transitions.warm()
    live, finished = transitions._pool()
    before = dict(Suggestion.objects.filter(pk__in=live).values_list("pk", "status"))
    rate, done, errors = transitions.throughput("service", live, workers=2, seconds=2.0)
    assert errors == 0
    assert done > 0 and rate > 0
    after = dict(Suggestion.objects.filter(pk__in=live).values_list("pk", "status"))
    assert sum(before[pk] != after[pk] for pk in live) > 0
    assert Suggestion.objects.filter(pk__in=live, status=Status.CLOSED).exists()


def test_baseline_writes_one_event_row_per_step():
    generate(30, sessions=1, units=4, deputies=10, seed=6)
    transitions.warm()
    ids = list(Suggestion.objects.values_list("pk", flat=True)[:20])
    rate, done, _errors = transitions.throughput("baseline", ids, workers=2, seconds=1.0)
    assert done == 20 and rate > 0
    assert Event.objects.filter(verb="bench_baseline").count() == 20


def test_time_per_step_parts_the_database_from_python():
    generate(40, sessions=1, units=6, deputies=20, seed=7)
    transitions.warm()
    live, _finished = transitions._pool()
    step_ms, database_ms, steps = transitions.time_per_step(live[:4])
    assert steps > 0
    assert 0 < database_ms < step_ms
