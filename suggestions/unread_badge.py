"""The top bar's unread-notification count, cached per reader until their notices change.

Every workspace page shows it, and counting cost each page a query (about 1.5 ms with its SQL
compilation, a third of the trivial view's whole time). Notices are created through the
notifications app's `notify` signal (its handler inserts them in bulk), read one by one by saving
their row and deleted one by one: receivers of those signals forget the readers' counts after
the commit. Marking all read is one UPDATE, which `notify.mark_all_read` follows with a forget.
"""

from __future__ import annotations

import threading

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from notifications.models import Notification
from notifications.signals import notify

from suggestions import after_commit

# The badge shows "99+" beyond this: counting a busy staff account's every unread notice cost
# 21 ms per page at 1,000,000 suggestions, and nobody reads the exact figure.
CAP = 99
# A safety net for writes that bypass the signals (bulk loads): never older than this.
TIMEOUT = 5 * 60
# The readers whose count this thread's open transaction changes (a connection is per thread).
_pending = threading.local()


def _key(user_id: int) -> str:
    return f"unread-badge:{user_id}"


def count(user) -> int:
    """Unread notices of `user`, counted up to CAP + 1."""
    key = _key(user.pk)
    n = cache.get(key)
    if n is None:
        # COUNT over at most CAP + 1 rows, unordered (sorting every unread notice cost 12 ms).
        n = user.notifications.unread().order_by()[: CAP + 1].count()
        cache.set(key, n, TIMEOUT)
    return n


def forget(*user_ids: int) -> None:
    """After this transaction commits, count these readers' unread notices again (one cache
    write per commit, however many notices it sent)."""
    pending = getattr(_pending, "ids", None)
    if pending is None:
        pending = _pending.ids = set()
    pending.update(user_ids)
    after_commit.once(_flush)


def _flush() -> None:
    # Readers asked for by a transaction that rolled back are flushed with the next one:
    # counting them again is harmless.
    ids, _pending.ids = getattr(_pending, "ids", set()), set()
    cache.delete_many([_key(pk) for pk in ids])


def _changed(instance, **_kwargs) -> None:
    forget(instance.recipient_id)


def _notified(recipient, **_kwargs) -> None:
    # The notify signal takes one user, a group, or a list or queryset of users.
    if isinstance(recipient, Group):
        forget(*recipient.user_set.values_list("pk", flat=True))
    elif isinstance(recipient, QuerySet | list | tuple | set):
        forget(*(user.pk for user in recipient))
    else:
        forget(recipient.pk)


post_save.connect(_changed, sender=Notification, dispatch_uid="unread-badge-save")
post_delete.connect(_changed, sender=Notification, dispatch_uid="unread-badge-delete")
notify.connect(_notified, dispatch_uid="unread-badge-notify")
