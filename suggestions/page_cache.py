"""Parts of pages about one suggestion, rendered once per version of it and per reader: the
suggestion page's sections and the rows of the busiest lists.

Why: below its buttons the suggestion page (facts, units, replies, ratings, stages, timeline)
costs nine queries and most of its rendering, and a list's rows their units query and most of
theirs; both change only when a service acts on the suggestion. Every service appends one event
(the one event log) under the suggestion's row lock, so the newest event id of a suggestion moves
with every change: it is the version in the key, and a change needs nothing deleted.

What they show from outside the suggestion (the names of units, deputies and accounts, what an
account may see) is written only by the directory, account, calendar and permission-group
services, which all record an administrative change; that moves a shared generation
(`directory_changed`). The key also holds the reader (their drafts, ratings, timeline details and
part in the suggestion differ), the language, and a fingerprint of the code, templates and
translations, so a deployment never serves the previous release's HTML.

The buttons are not cached: they carry the session's CSRF token and the reader's rights of the
moment. Entries expire after `TTL`, which bounds the memory they take, not their correctness.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache as once_per_process

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from suggestions import after_commit
from suggestions.generation import Generation
from suggestions.models import Event

TTL = 3600
DIRECTORY = Generation("page:directory-generation")
# What the sections' HTML is made from, besides the data (templates, tags, labels, translations):
# a change to any of them at deployment gives every key a new fingerprint.
_SOURCES = (".py", ".html", ".mo")
_NOT_SOURCES = {".venv", ".git", "node_modules", "media", "static", "tests", "bench"}


def version():
    """An annotation: the id of the suggestion's newest event."""
    newest = Event.objects.filter(suggestion=OuterRef("pk")).order_by("-id").values("id")[:1]
    return Subquery(newest)


@once_per_process
def _fingerprint() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for folder, subfolders, files in os.walk(settings.BASE_DIR):
        subfolders[:] = sorted(d for d in subfolders if d not in _NOT_SOURCES)
        for name in sorted(f for f in files if f.endswith(_SOURCES)):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def key(kind: str, suggestion, user, generation) -> str:
    parts = (
        kind,
        suggestion.pk,
        suggestion.version or 0,
        generation,
        user.pk,
        translation.get_language(),
        _fingerprint(),
    )
    return "page:" + ":".join(str(p) for p in parts)


def sections(suggestion, user, render) -> SafeString:
    """The cached sections of this suggestion for this reader, or `render()`'s, stored."""
    name = key("sections", suggestion, user, DIRECTORY.current())
    html = cache.get(name)
    if html is None:
        html = render()
        cache.set(name, html, TTL)
    # Rendered by our own template, escaped there.
    return mark_safe(html)


def rows(kind: str, suggestions: list, user, render) -> list[SafeString]:
    """Each suggestion's row of the list `kind` for this reader, in order: the cached ones, and
    `render(missing)` (a list of HTML, one per suggestion given) for the rest, stored."""
    generation = DIRECTORY.current()
    names = [key(kind, s, user, generation) for s in suggestions]
    found = cache.get_many(names)
    missing = [(name, s) for name, s in zip(names, suggestions, strict=True) if name not in found]
    if missing:
        fresh = dict(zip([n for n, _ in missing], render([s for _, s in missing]), strict=True))
        cache.set_many(fresh, TTL)
        found.update(fresh)
    # Rendered by our own template, escaped there.
    return [mark_safe(found[name]) for name in names]


def forget_all() -> None:
    """Every cached part is out of date from now on (a new generation; nothing is deleted)."""
    DIRECTORY.bump()


def directory_changed() -> None:
    """After this transaction commits, every cached section is out of date."""
    after_commit.once(forget_all)
