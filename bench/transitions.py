"""Transition throughput: a mixed workload of real service calls in 1, 4, 16 worker processes,
against a raw-SQL baseline doing one step's irreducible work (lock, update, event row, commit)."""

from __future__ import annotations

import multiprocessing as mp
import random
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, reset_queries, transaction
from django.test.utils import CaptureQueriesContext

from suggestions import services, workdays
from suggestions.models import Assignment, Event, Role, Status, Suggestion, Unit, User

STEPS = (
    "accept",
    "assign",
    "sign",
    "draft_reply",
    "sign_off",
    "approve_reply",
    "rate",
    "close",
)
# Statuses a suggestion of the workload may start from: each has a next step.
WORKLOAD_STATUSES = (
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.HANDLING,
    Status.HANDLED,
    Status.REPLIED,
    Status.RATED,
    Status.REHANDLING,
)
# The target, audit row included.
TARGET = "<= 25"
REPLY_TEXT = "经研究，我单位已完成现场勘查，将于年内实施改造，现答复如下。"


@dataclass
class Step:
    name: str
    run: Callable[[], object]


@cache
def _staff() -> User:
    return User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk").first()


@cache
def _unit_user(unit_id: int, role: str) -> User:
    return User.objects.filter(unit_id=unit_id, role=role, is_active=True).order_by("pk").first()


@cache
def _unit_ids() -> tuple[int, ...]:
    ids = Unit.objects.filter(is_active=True, users__role=Role.UNIT_HEAD).values_list("pk", flat=1)
    return tuple(sorted(set(ids)))


def warm() -> None:
    """Forget cached actors (a new database) and load the per-process caches a running server
    already holds (working-day calendar, content types), so counts show the steady state."""
    for cached in (_staff, _unit_user, _unit_ids):
        cached.cache_clear()
    workdays.known_years()
    ContentType.objects.get_for_models(Suggestion, User, Event, Assignment)
    _staff()


def next_step(pk: int) -> Step | None:
    """The service call that moves this suggestion one step further, as its real actor."""
    s = Suggestion.objects.only("pk", "status", "lead_deputy_id", "round").get(pk=pk)
    staff = _staff()
    if s.status == Status.SUBMITTED:
        return Step("accept", lambda: services.suggestion_accept(user=staff, suggestion=s.pk))
    if s.status == Status.ACCEPTED:
        lead, co = random.sample(_unit_ids(), 2)
        return Step(
            "assign",
            lambda: services.suggestion_assign(
                user=staff, suggestion=s.pk, lead_unit=lead, co_units=[co]
            ),
        )
    if s.status in (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING):
        return _unit_step(s)
    if s.status == Status.HANDLED:
        return Step("approve_reply", lambda: services.suggestion_approve_reply(user=staff, suggestion=s.pk))  # fmt: skip
    if s.status == Status.REPLIED:
        deputy = User.objects.get(deputy_id=s.lead_deputy_id)
        return Step(
            "rate",
            lambda: services.suggestion_rate(
                user=deputy, suggestion=s.pk, process="satisfied", result="satisfied", met=True
            ),
        )
    if s.status == Status.RATED:
        return Step("close", lambda: services.suggestion_close(user=staff, suggestion=s.pk))
    return None


def _unit_step(s: Suggestion) -> Step | None:
    a = (
        Assignment.objects.filter(suggestion_id=s.pk, role__in=("lead", "split"))
        .exclude(status__in=("relieved", "signed_off", "replied"))
        .order_by("pk")
        .first()
    )
    if a is None:
        return None
    handler = _unit_user(a.unit_id, Role.UNIT_HANDLER)
    if a.status == "assigned":
        return Step("sign", lambda: services.assignment_sign(user=handler, assignment=a.pk))
    if a.status == "signed":
        return Step(
            "draft_reply",
            lambda: services.assignment_draft_reply(
                user=handler, assignment=a.pk, result_class="A", text=REPLY_TEXT
            ),
        )
    head = _unit_user(a.unit_id, Role.UNIT_HEAD)
    return Step("sign_off", lambda: services.assignment_sign_off(user=head, assignment=a.pk))


def baseline_step(pk: int, actor_id: int) -> None:
    """The irreducible work of one transition, in raw SQL: lock, update, event row, commit."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT status FROM suggestions_suggestion WHERE id = %s FOR UPDATE", [pk])
        status = cursor.fetchone()[0]
        cursor.execute("UPDATE suggestions_suggestion SET updated_at = now() WHERE id = %s", [pk])
        cursor.execute(
            "INSERT INTO suggestions_event (suggestion_id, actor_id, verb, from_status, "
            "to_status, round, payload, created_at) "
            "VALUES (%s, %s, 'bench_baseline', %s, %s, 1, '{}', now())",
            [pk, actor_id, status, status],
        )


# --- the worker processes --------------------------------------------------------------------
def _worker(mode: str, ids: list[int], seconds: float, barrier, results) -> None:
    connections.close_all()  # a fresh connection of this process's own
    random.seed(ids[0] if ids else 0)
    actor = _staff().pk
    done = errors = 0
    pending = iter(ids)
    current = None
    barrier.wait()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        if mode == "baseline":
            pk = next(pending, None)
            if pk is None:
                break
            baseline_step(pk, actor)
            done += 1
            continue
        step = next_step(current) if current else None
        if step is None:
            current = next(pending, None)
            if current is None:
                break
            continue
        try:
            step.run()
            done += 1
        except Exception:  # a refused step counts as an error, never as throughput
            errors += 1
            current = None
    results.put((done, errors))
    connections.close_all()


def throughput(mode: str, ids: list[int], workers: int, seconds: float) -> tuple[float, int, int]:
    """Transitions per second of `workers` processes, each on its own slice of `ids`."""
    ctx = mp.get_context("fork")
    connections.close_all()
    barrier = ctx.Barrier(workers + 1)
    results = ctx.Queue()
    slices = [ids[i::workers] for i in range(workers)]
    procs = [
        ctx.Process(target=_worker, args=(mode, part, seconds, barrier, results)) for part in slices
    ]
    for p in procs:
        p.start()
    barrier.wait()
    start = time.perf_counter()
    outcomes = [results.get() for _ in procs]
    elapsed = time.perf_counter() - start
    for p in procs:
        p.join()
    done = sum(o[0] for o in outcomes)
    errors = sum(o[1] for o in outcomes)
    return done / elapsed, done, errors


def statements_per_step(sample: list[int]) -> dict[str, list[int]]:
    """SQL statements of each step, driving `sample` suggestions to the end in this process."""
    counts: dict[str, list[int]] = {}
    for pk in sample:
        for _ in range(3 * len(STEPS)):
            step = next_step(pk)
            if step is None:
                break
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                step.run()
            # Leave out the transaction's own BEGIN (captured or implicit, by driver) and COMMIT.
            sql = [q["sql"] for q in ctx.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]
            counts.setdefault(step.name, []).append(len(sql))
    return counts


def time_per_step(sample: list[int]) -> tuple[float, float, int]:
    """Mean wall time of one step in this process and the part of it spent in the database,
    driving `sample` suggestions to the end: what is not in the database is Python's."""
    from bench.pages import DatabaseClock

    total = in_database = 0.0
    steps = 0
    for pk in sample:
        for _ in range(3 * len(STEPS)):
            step = next_step(pk)
            if step is None:
                break
            clock = DatabaseClock()
            with connection.execute_wrapper(clock):
                start = time.perf_counter()
                step.run()
                total += (time.perf_counter() - start) * 1000
            in_database += clock.ms
            steps += 1
    return total / max(steps, 1), in_database / max(steps, 1), steps


def _pool(seed: int = 1) -> tuple[list[int], list[int]]:
    live = list(
        Suggestion.objects.filter(status__in=WORKLOAD_STATUSES, session__is_current=True)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    finished = list(
        Suggestion.objects.filter(status=Status.CLOSED).values_list("pk", flat=True)[:200_000]
    )
    rnd = random.Random(seed)
    rnd.shuffle(live)
    rnd.shuffle(finished)
    return live, finished


@contextmanager
def queued():
    """Celery as in production: work after the commit (delivery of the notifications, the search
    index) is published to the broker for the Celery workers instead of run in the process.
    Nothing consumes the queue during the run; it is purged afterwards."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
        app.control.purge()


def broker_reachable() -> bool:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:  # noqa: BLE001 - any failure means: measure in-process only
        return False


def _statements(report, counts: dict[str, list[int]], label: str) -> None:
    every = [n for values in counts.values() for n in values]
    report.add(
        f"transitions: SQL statements per transition{label} (mean)",
        statistics.mean(every),
        "stmts",
        target=TARGET,
    )
    report.add(
        f"transitions: SQL statements per transition{label} (max)",
        max(every),
        "stmts",
        target=TARGET,
        per_step={k: max(v) for k, v in counts.items()},
    )
    for name, values in sorted(counts.items()):
        report.add(f"transitions: statements{label} · {name}", max(values), "stmts", target=TARGET)


def run(report, *, workers: list[int], seconds: float) -> None:
    live, finished = _pool()
    if len(live) < 50:
        report.skip("transitions", f"only {len(live)} live suggestions; generate more")
        return
    warm()
    modes = [("", nullcontext)]
    if broker_reachable():
        modes.append((", queued", queued))
    else:
        report.skip("transitions, queued", "no Celery broker reachable")
    for label, mode in modes:
        sample, timed, live = live[:8], live[8:24], live[24:]
        with mode():
            _statements(report, statements_per_step(sample), label)
            step_ms, database_ms, steps = time_per_step(timed)
        report.add(f"transitions: time per step{label}, one process", step_ms, "ms", steps=steps)
        report.add(
            f"transitions: of which in the database{label}",
            database_ms,
            "ms",
            baseline=step_ms,
            note="ratio: the database's share; the rest is Python",
        )
    share = max(len(live) // (len(workers) * len(modes)), 1)
    fshare = max(len(finished) // len(workers), 1)
    part = 0
    for i, n in enumerate(workers):
        base_ids = finished[i * fshare : (i + 1) * fshare]
        base_rate, base_done, _ = throughput("baseline", base_ids, n, seconds)
        for label, mode in modes:
            ids = live[part * share : (part + 1) * share]
            part += 1
            with mode():
                rate, done, errors = throughput("service", ids, n, seconds)
            report.add(
                f"transitions: throughput{label}, {n} worker(s)",
                rate,
                "tx/s",
                baseline=base_rate,
                target=">= 0.25 of baseline at 4 workers" if n == 4 else "",
                done=done,
                errors=errors,
                baseline_done=base_done,
            )
