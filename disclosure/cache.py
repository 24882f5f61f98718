"""Computed figures are cached per session and round; any new event (or a change to a rating,
reply, promise or publication) moves a generation counter, so figures older than the latest
change are never computed on, exported or awarded from.

The pages and the API may ask for `stale_ok`: at national scale changes come every few seconds,
and each one made every reader who arrived before the new figures were ready compute them too
(0.3 s at 100,000 suggestions, 1.8 s at 1,000,000, per reader at once). With `stale_ok` one
reader computes and the others meanwhile get the figures computed last (one computation old)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from suggestions.generation import Generation
from suggestions.models import Event, Promise, Rating, Reply, Session

GENERATION = Generation("disclosure:stats:generation")
TIMEOUT = 60 * 60
# A reader that took the recomputation and died leaves it to the next after this long.
COMPUTING_TIMEOUT = 2 * 60
# The newest rendered values are also kept in this process: the staff stats API's JSON is 5.6 MB
# at 100,000 suggestions (the per-deputy table), and reading it from Redis cost 15 ms a request.
# Keyed like the shared cache, by generation, so a process never serves what the shared cache
# would not; only text and bytes (immutable: no caller can change what the next one reads).
LOCAL_ENTRIES = 4
_local: OrderedDict[str, str | bytes] = OrderedDict()
_local_lock = threading.Lock()


def invalidate(**_kwargs) -> None:
    GENERATION.bump()


for _model in (Event, Rating, Reply, Promise):
    post_save.connect(invalidate, sender=_model, dispatch_uid=f"disclosure-{_model.__name__}-save")
    post_delete.connect(invalidate, sender=_model, dispatch_uid=f"disclosure-{_model.__name__}-del")


@receiver(post_save, sender="disclosure.Publication", dispatch_uid="disclosure-publication")
def _publication_changed(**kwargs) -> None:
    invalidate()


def session_stats(
    session: Session | None,
    round_: str = "latest",
    *,
    public: bool = False,
    use_cache: bool = True,
    breakdowns: tuple[str, ...] | None = None,
    stale_ok: bool = False,
) -> dict:
    """The figures the pages, the API and the export show, cached under the current generation."""
    from disclosure import statistics

    if public and breakdowns is None:
        # The public figures are the staff figures without the per-deputy table: share the cache.
        full = session_stats(session, round_, use_cache=use_cache, stale_ok=stale_ok)
        return {k: v for k, v in full.items() if k not in statistics.STAFF_ONLY}
    if breakdowns is None:
        breakdowns = statistics.BREAKDOWNS
    name = f"stats:{getattr(session, 'pk', 'all')}:{round_}:{','.join(breakdowns)}"
    compute = lambda: statistics.compute(session, round_, breakdowns=breakdowns)  # noqa: E731
    if not use_cache:
        return compute()
    return cached(name, compute, stale_ok=stale_ok)


def key_of(name: str) -> str:
    """The cache key of `name`'s value under the current generation."""
    return f"disclosure:{GENERATION.current()}:{name}"


def computing_key(name: str) -> str:
    """Held (cache.add) by the one reader recomputing `name` under the current generation."""
    return _computing(key_of(name))


def _computing(key: str) -> str:
    return key + ":computing"


def cached(name: str, compute: Callable[[], object], *, stale_ok: bool = False):
    """`compute()`'s value under the current generation; with `stale_ok`, while another reader
    is computing it, the value computed last instead."""
    key = key_of(name)
    value = _local.get(key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is not None:
        _keep_local(key, value)
        return value
    latest, lock = f"disclosure:latest:{name}", _computing(key)
    taken = stale_ok and cache.add(lock, 1, COMPUTING_TIMEOUT)
    if stale_ok and not taken:
        value = cache.get(latest)
        if value is not None:
            return value
    try:
        value = compute()
        cache.set_many({key: value, latest: value}, TIMEOUT)
    finally:
        if taken:
            cache.delete(lock)
    _keep_local(key, value)
    return value


def _keep_local(key: str, value) -> None:
    if not isinstance(value, str | bytes):
        return
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def rendered(
    name: str, parts: tuple, build: Callable[[], str | bytes], *, stale_ok: bool = False
) -> str | bytes:
    """HTML built from the figures, cached under the same generation: the public statistics page
    renders some 20,000 localised numbers (0.6 s), which only change when the figures do."""
    return cached(f"html:{name}:" + ":".join(str(p) for p in parts), build, stale_ok=stale_ok)
