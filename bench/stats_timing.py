"""Time to compute a session's full statistics and the all-time statistics, and to serve them
from the cache (`disclosure.statistics`, `disclosure.cache`; skipped until they are merged)."""

from __future__ import annotations

import importlib
import time

from suggestions.models import Session


def _timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def run(report) -> None:
    try:
        statistics = importlib.import_module("disclosure.statistics")
    except ImportError as exc:
        report.skip("statistics", f"disclosure.statistics is not on this branch ({exc})")
        return
    session = Session.objects.filter(is_current=True).first()
    report.add(
        "statistics: one session, computed",
        _timed(statistics.compute, session),
        "ms",
        target="<= 2000 ms at N=1,000,000",
    )
    report.add("statistics: all time, computed", _timed(statistics.compute, None), "ms")
    try:
        cache = importlib.import_module("disclosure.cache")
    except ImportError as exc:
        report.skip("statistics: cached", f"disclosure.cache is not on this branch ({exc})")
        return
    cache.session_stats(session)
    report.add(
        "statistics: one session, cached",
        _timed(cache.session_stats, session),
        "ms",
        target="<= 50 ms",
    )
