"""Which channels a notification goes to: in-app always (the notification row itself), e-mail and
SMS by the user's choice, and always for deadline and escalation messages."""

from __future__ import annotations

from django.conf import settings

from delivery.models import Channel, ChannelPreference

# Deadline, escalation and digest messages: they reach the unit whatever the opt-outs say.
MANDATORY_VERBS = frozenset(
    {
        "reply_due_soon",
        "reply_overdue",
        "reply_escalated",
        "opinion_due_soon",
        "opinion_overdue",
        "opinion_escalated",
        "reassignment_window_closing",
        "rating_due_soon",
        "rating_overdue",
        "unit_digest",
        "calendar_missing",
    }
)


def preference_of(user) -> ChannelPreference:
    """The user's stored choice, or the defaults (e-mail on, SMS off) when they made none."""
    try:
        return user.channel_preference
    except ChannelPreference.DoesNotExist:
        return ChannelPreference(user=user, language=settings.LANGUAGE_CODE)


def channels_for(notification) -> list[str]:
    user = notification.recipient
    pref = preference_of(user)
    mandatory = notification.verb in MANDATORY_VERBS
    channels = []
    if user.email and (mandatory or pref.email):
        channels.append(Channel.EMAIL)
    if pref.phone and (mandatory or pref.sms):
        channels.append(Channel.SMS)
    return channels
