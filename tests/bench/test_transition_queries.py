"""Every transition of the benchmark's mixed workload stays within 25 SQL statements (the issue's
target, including its hash-chained audit row), and the workflow stays in step with the status
after each one."""

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from bench.generator import generate
from bench.transitions import STEPS, next_step, warm
from suggestions.models import Status, Suggestion
from tests.flowcheck import assert_in_step

pytestmark = pytest.mark.django_db(transaction=False)
MAX_STATEMENTS = 25


def _statements(run) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        run()
    # The test's transaction turns the service's (uncounted) BEGIN/COMMIT into a savepoint pair.
    return len(ctx.captured_queries) - 2


def test_each_transition_stays_within_budget_and_in_step():
    generate(60, sessions=2, units=6, deputies=30, seed=3)
    warm()
    suggestion = Suggestion.objects.filter(status=Status.SUBMITTED).first()
    seen = {}
    for _ in range(len(STEPS)):
        step = next_step(suggestion.pk)
        if step is None:
            break
        count = _statements(step.run)
        seen[step.name] = count
        assert_in_step(suggestion)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Status.CLOSED
    assert set(seen) == {s for s in STEPS}, seen
    over = {name: n for name, n in seen.items() if n > MAX_STATEMENTS}
    assert not over, f"over {MAX_STATEMENTS} statements: {over} (all: {seen})"
