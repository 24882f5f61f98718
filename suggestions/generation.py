"""A cache namespace that one call invalidates: cached keys embed the namespace's current token,
and `bump()` replaces the token, so every older entry is simply never read again (and expires)."""

from __future__ import annotations

import uuid

from django.core.cache import cache


class Generation:
    def __init__(self, key: str):
        self.key = key

    def current(self) -> str:
        token = cache.get(self.key)
        if token is None:
            token = uuid.uuid4().hex
            cache.set(self.key, token, None)
        return token

    def bump(self, **_signal_kwargs) -> None:
        cache.set(self.key, uuid.uuid4().hex, None)
