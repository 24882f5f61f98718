"""Writing and verifying the audit log.

`record()` appends one row whose hash covers its content and the previous row's hash. Appends are
serialised (a PostgreSQL advisory lock held to the end of the transaction; SQLite's IMMEDIATE
transactions serialise writers anyway), so the chain never forks. Call it inside the transaction
of the change it records: it then commits or rolls back with that change.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.db import connection, transaction
from django.utils import timezone

from security.context import client_ip, current_request
from security.models import AuditEntry
from security.models.audit import GENESIS, Outcome

# Arbitrary constant naming the advisory lock of the audit chain.
ADVISORY_LOCK_KEY = 0x5EC_A0D17

# Action names other modules use (exports and publication are recorded by their features).
LOGIN = "login"
LOGOUT = "logout"
LOGIN_FAILED = "login_failed"
LOCKED_OUT = "locked_out"
REFUSED = "refused"
TRANSITION = "transition"
EXPORT = "export"
PUBLICATION = "publication"
ADMIN_CHANGE = "admin_change"
PASSWORD_CHANGED = "password_changed"
OTP_FAILED = "otp_failed"
ARCHIVE = "audit_archive"


# Set while the admin site writes its change-log row for a change that a service has already
# audited (the directory, the accounts): that row gets no second audit row.
_recorded_by_service: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "recorded_by_service", default=False
)


@contextlib.contextmanager
def recorded_by_service():
    token = _recorded_by_service.set(True)
    try:
        yield
    finally:
        _recorded_by_service.reset(token)


def is_recorded_by_service() -> bool:
    return _recorded_by_service.get()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def _actor(user, request):
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


def record(
    action: str,
    *,
    outcome: str = Outcome.SUCCESS,
    user=None,
    username: str = "",
    obj=None,
    object_type: str = "",
    object_id="",
    request=None,
    **detail,
) -> AuditEntry:
    """Append one audit row (who, when, from where, what, on which object, with what outcome)."""
    request = request if request is not None else current_request.get()
    actor = _actor(user, request)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    # No savepoint: inside a transition the row belongs to the caller's transaction (it fails
    # with it), and the SAVEPOINT/RELEASE pair would add two statements to every transition.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        now = timezone.now()
        entry = AuditEntry(
            # Milliseconds: what JSON dumps (backups, archives) keep, so hashes survive a restore.
            created_at=now.replace(microsecond=now.microsecond // 1000 * 1000),
            actor=actor,
            username=(actor.get_username() if actor else username)[:150],
            ip=client_ip(request),
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            object_repr=str(obj)[:200] if obj is not None else "",
            outcome=outcome,
            detail=detail,
            prev_hash=last or GENESIS,
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


def first_broken(batch: int = 2000) -> AuditEntry | None:
    """The first row whose hash or link to its predecessor does not check out, else None."""
    previous = GENESIS
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return None
        for row in rows:
            if row.prev_hash != previous or row.compute_hash() != row.hash:
                return row
            previous, last_id = row.hash, row.id
