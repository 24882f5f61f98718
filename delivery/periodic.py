"""The periodic jobs, run every minute by Celery beat or by `manage.py run_periodic`.

Every job is idempotent, so running it twice, late, or from two schedulers at once is harmless.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from delivery import outbox
from delivery.calendar_check import check_calendar
from delivery.digest import run_digests
from delivery.reminders import run_reminders

logger = logging.getLogger("delivery")

# Reminders first so that the outbox sweep at the end delivers them in the same pass.
JOBS: list[tuple[str, Callable]] = [
    ("calendar", check_calendar),
    ("reminders", run_reminders),
    ("digests", run_digests),
    ("outbox", lambda now=None: outbox.sweep()),
]


def run_all(now: dt.datetime | None = None) -> dict[str, object]:
    """One pass of every job; a failing job is logged and does not stop the others."""
    results: dict[str, object] = {}
    for name, job in JOBS:
        try:
            results[name] = job(now)
        except Exception as exc:  # noqa: BLE001 - keep the scheduler alive; retried next minute
            logger.exception("periodic job %s failed", name)
            results[name] = f"error: {exc!r}"
    return results
