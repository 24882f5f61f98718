"""Which channels a notification goes to: in-app always (the notification row itself), e-mail and
SMS by the user's choice, and always for deadline and escalation messages; a deactivated account
gets none but the in-app row."""

from __future__ import annotations

from django.conf import settings

from delivery.models import Channel, ChannelPreference

# Deadline messages are named `<what>_due_soon`, `<what>_overdue` and `<what>_escalated` by the
# reminder engine (`delivery.reminders.unit_deadline_steps`) for replies, opinions, ratings and
# promises alike; naming the suffixes, not each verb, keeps a new kind of deadline from silently
# obeying opt-outs.
REMINDER_SUFFIXES = ("_due_soon", "_overdue")
ESCALATION_SUFFIX = "_escalated"
# The other messages that reach the unit whatever the opt-outs say (reminders: `is_reminder`).
OTHER_MANDATORY_VERBS = frozenset({"unit_digest", "calendar_missing"})


def is_reminder(verb: str) -> bool:
    return verb.endswith(REMINDER_SUFFIXES) or verb == "reassignment_window_closing"


def is_escalation(verb: str) -> bool:
    return verb.endswith(ESCALATION_SUFFIX)


def is_mandatory(verb: str) -> bool:
    return is_reminder(verb) or is_escalation(verb) or verb in OTHER_MANDATORY_VERBS


def preference_of(user) -> ChannelPreference:
    """The user's stored choice, or the defaults (e-mail on, SMS off) when they made none."""
    try:
        return user.channel_preference
    except ChannelPreference.DoesNotExist:
        return ChannelPreference(user=user, language=settings.LANGUAGE_CODE)


def reachable(user) -> bool:
    """Whether anything may leave the system for this account. A deactivated account gets no
    e-mail and no SMS, mandatory or not: deactivation means the person no longer acts through
    it (left office, left the unit), and its address or number may belong to someone else by
    now, so sending there would leak suggestions' contents. Its in-app rows stay: only a person
    who can log in reads them, which a deactivated account cannot, and once it is active again
    they are the record of what it was told meanwhile (a paper rating entered in its name)."""
    return bool(user.is_active)


def channels_for(notification) -> list[str]:
    user = notification.recipient
    if not reachable(user):
        return []
    pref = preference_of(user)
    mandatory = is_mandatory(notification.verb)
    channels = []
    if user.email and (mandatory or pref.email):
        channels.append(Channel.EMAIL)
    if pref.phone and (mandatory or pref.sms):
        channels.append(Channel.SMS)
    return channels
