"""Signal receivers that write the audit log: logins, logouts, failures, lock-outs, every domain
event (in the service's own transaction) and every change made in the admin site that no service
has recorded already."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from security import audit
from security.models.audit import Outcome
from suggestions.models import Event

SESSION_LOGIN_AT = "security_login_at"
SESSION_LAST_SEEN = "security_last_seen"


@receiver(user_logged_in, dispatch_uid="security.logged_in")
def on_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_LAST_SEEN] = now
    audit.record(audit.LOGIN, user=user, request=request)


@receiver(user_logged_out, dispatch_uid="security.logged_out")
def on_logged_out(sender, request, user, **kwargs):
    reason = getattr(request, "security_logout_reason", "") if request is not None else ""
    audit.record(audit.LOGOUT, user=user, request=request, **({"reason": reason} if reason else {}))


@receiver(user_login_failed, dispatch_uid="security.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` arrive cleansed (the password is masked); keep only the user name.
    username = str(credentials.get("username", ""))[:150]
    audit.record(audit.LOGIN_FAILED, outcome=Outcome.FAILURE, username=username, request=request)


@receiver(user_locked_out, dispatch_uid="security.locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    audit.record(
        audit.LOCKED_OUT,
        outcome=Outcome.REFUSED,
        username=str(username or "")[:150],
        request=request,
    )


@receiver(post_save, sender=Event, dispatch_uid="security.event")
def on_event(sender, instance: Event, created: bool, raw: bool = False, **kwargs):
    """Each domain event gets its audit row inside the same transaction (raw = fixture loading)."""
    if not created or raw:
        return
    # Preparing and editing the public copy belong to publication too (disclosure.services).
    published = instance.verb.startswith(("publish", "unpublish", "publication_"))
    audit.record(
        audit.PUBLICATION if published else audit.TRANSITION,
        user=instance.actor,
        object_type="suggestions.suggestion",
        object_id=instance.suggestion_id,
        verb=instance.verb,
        event=instance.pk,
        from_status=instance.from_status,
        to_status=instance.to_status,
        assignment=instance.assignment_id,
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="security.admin_change")
def on_admin_change(sender, instance: LogEntry, created: bool, raw: bool = False, **kwargs):
    if not created or raw or audit.is_recorded_by_service():
        return
    audit.record(
        audit.ADMIN_CHANGE,
        user=instance.user,
        object_type=instance.content_type.model if instance.content_type_id else "",
        object_id=instance.object_id or "",
        flag={1: "add", 2: "change", 3: "delete"}.get(instance.action_flag, "?"),
        object=instance.object_repr[:200],
        change=instance.get_change_message()[:1000],
    )
