"""Computed figures are cached per session and round; any new event (or a change to a rating,
reply, promise or publication) moves a generation counter, so stale figures are never served."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from suggestions.generation import Generation
from suggestions.models import Event, Promise, Rating, Reply, Session

GENERATION = Generation("disclosure:stats:generation")
TIMEOUT = 60 * 60


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
) -> dict:
    """The figures the pages, the API and the export show, cached under the current generation."""
    from disclosure import statistics

    if public and breakdowns is None:
        # The public figures are the staff figures without the per-deputy table: share the cache.
        full = session_stats(session, round_, use_cache=use_cache)
        return {k: v for k, v in full.items() if k not in statistics.STAFF_ONLY}
    if breakdowns is None:
        breakdowns = statistics.BREAKDOWNS
    where = getattr(session, "pk", "all")
    key = f"disclosure:stats:{GENERATION.current()}:{where}:{round_}:{','.join(breakdowns)}"
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return cached
    result = statistics.compute(session, round_, breakdowns=breakdowns)
    cache.set(key, result, TIMEOUT)
    return result


def rendered(name: str, parts: tuple, build: Callable[[], str | bytes]) -> str | bytes:
    """HTML built from the figures, cached under the same generation: the public statistics page
    renders some 20,000 localised numbers (0.6 s), which only change when the figures do."""
    key = f"disclosure:html:{GENERATION.current()}:{name}:" + ":".join(str(p) for p in parts)
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, TIMEOUT)
    return html
