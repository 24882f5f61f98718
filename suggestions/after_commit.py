"""Work that runs once after the current transaction commits, however many changes in it ask.

A transition saves its suggestion and assignments several times and may write notifications to
several groups; each asks for the same follow-up (a delivery pass, a search-index update, a new
generation of the cached counts). Registered once, it costs one broker message or cache write per
commit instead of one per save."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


def once(func: Callable[[], None], using: str | None = None) -> None:
    """`transaction.on_commit(func)` unless `func` is already waiting for this commit. Outside a
    transaction it runs at once, as `on_commit` does."""
    connection = transaction.get_connection(using)
    # Only a registration made in the savepoints still open (or outside them) stands for this
    # one: it commits or rolls back with this change. One made in a savepoint since released is
    # registered again (harmless: the work finds nothing left), which keeps a test's
    # never-committed outer transaction from swallowing the next step's follow-up.
    open_now = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(
        registered is func and sids <= open_now
        for sids, registered, *_rest in connection.run_on_commit
    ):
        return
    transaction.on_commit(func, using=using)
