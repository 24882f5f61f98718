"""Run one service call in N separate processes at the same instant against the committed
PostgreSQL test database; each process has its own connection. Used by the race and crash tests."""

from __future__ import annotations

import multiprocessing as mp
import traceback

from django.db import connections

from suggestions.errors import ServiceError

FORK = mp.get_context("fork")
TIMEOUT = 60


def _child(barrier, results, index, call):
    connections.close_all()  # never share the parent's socket: open our own connection
    try:
        barrier.wait(timeout=TIMEOUT)
        call()
        results.put((index, "ok", ""))
    except ServiceError as error:
        results.put((index, type(error).__name__, str(error.status_code)))
    except Exception:  # noqa: BLE001 (a server error is what the test is looking for)
        results.put((index, "error", traceback.format_exc()))
    finally:
        connections.close_all()


def race(call, processes: int = 8) -> list[tuple[str, str]]:
    """Fire `call()` in `processes` processes at once; returns (outcome, detail) per process."""
    connections.close_all()
    barrier = FORK.Barrier(processes)
    results = FORK.Queue()
    workers = [
        FORK.Process(target=_child, args=(barrier, results, i, call)) for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=TIMEOUT) for _ in workers]
    for worker in workers:
        worker.join(timeout=TIMEOUT)
        assert worker.exitcode == 0, "a racing process got stuck or died"
    return [(outcome, detail) for _index, outcome, detail in sorted(outcomes)]
