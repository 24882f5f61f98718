"""One function per e-mail kind, each rendering three templates (subject, text, HTML) from
`templates/delivery/email/<kind>-{subject.txt,body.txt,body.html}`."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from delivery.channels import is_escalation, is_reminder
from suggestions.notify import notification_text, targets_of


def _send(kind: str, to: str, ctx: dict, idempotency_key: str) -> None:
    ctx = {"site_url": settings.SITE_URL, **ctx}
    subject = render_to_string(f"delivery/email/{kind}-subject.txt", ctx)
    # Subjects must be one line; templates may wrap.
    subject = " ".join(subject.split())
    text = render_to_string(f"delivery/email/{kind}-body.txt", ctx)
    html = render_to_string(f"delivery/email/{kind}-body.html", ctx)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[to],
        # A stable Message-ID per delivery lets mail systems drop a re-send after a crash.
        headers={
            "Message-ID": f"<{idempotency_key}@{host}>",
            "X-Idempotency-Key": idempotency_key,
            "X-Notification-Verb": ctx["notification"].verb,
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()


def link_of(notification) -> str:
    """The page the notice is about, as the in-app list opens it for its reader (its suggestion,
    or the key item they may see); the site's home for a notice about nothing in particular.
    Someone signed out is sent through the login page to it."""
    target = targets_of(notification.recipient, [notification]).get(notification.pk)
    return f"{settings.SITE_URL}{target.url if target else '/'}"


def _base(notification) -> dict:
    return {
        "notification": notification,
        "text": notification_text(notification),
        "data": notification.data or {},
        "recipient": notification.recipient,
        "link": link_of(notification),
    }


def send_notification(notification, to: str, key: str) -> None:
    """Any in-app notification of the process (assigned, replied, extension approved…)."""
    _send("notification", to, _base(notification), key)


def send_reminder(notification, to: str, key: str) -> None:
    """A due date is near or passed: the unit's handlers (and head when overdue), or the deputy."""
    ctx = _base(notification)
    ctx["overdue"] = notification.verb.endswith("_overdue")
    _send("reminder", to, ctx, key)


def send_escalation(notification, to: str, key: str) -> None:
    """Committee staff: a unit is long overdue."""
    _send("escalation", to, _base(notification), key)


def send_digest(notification, to: str, key: str) -> None:
    """A unit's daily digest: everything open, due soon and overdue."""
    ctx = _base(notification)
    labels = {"overdue": _("Overdue"), "due_soon": _("Due soon"), "open": _("Open")}
    ctx["sections"] = [
        {"label": labels[name], "items": ctx["data"].get(name, [])}
        for name in ("overdue", "due_soon", "open")
        if ctx["data"].get(name)
    ]
    _send("digest", to, ctx, key)


def send_for(notification, to: str, key: str) -> None:
    verb = notification.verb
    if is_reminder(verb):
        send_reminder(notification, to, key)
    elif is_escalation(verb):
        send_escalation(notification, to, key)
    elif verb == "unit_digest":
        send_digest(notification, to, key)
    else:
        send_notification(notification, to, key)
