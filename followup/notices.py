"""Texts of the follow-through's in-app notifications, added to the core's table by verb, and the
page a key item's notices open."""

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suggestions import permissions as perms
from suggestions.notify import MESSAGES, TARGET_RESOLVERS, Target

MESSAGES.update(
    {
        "promise_progress": _("The unit reported progress on a promise of “%(title)s”"),
        "promise_confirmed": _("A promise of “%(title)s” was confirmed; others still to confirm"),
        "promise_fulfilled": _("A promise of “%(title)s” was fulfilled"),
        "promise_not_fulfilled": _("A promise of “%(title)s” was not fulfilled"),
        "implementation_rating_due": _(
            "Every promise of “%(title)s” has ended: please rate the implementation"
        ),
        "implementation_rated": _("The deputy rated the implementation of “%(title)s”"),
        "class_upgraded": _("The result class of “%(title)s” was upgraded"),
        "rating_changed": _("The deputy changed the rating of “%(title)s”"),
        "meeting_disputed": _("The deputy denies a meeting the unit recorded for “%(title)s”"),
        "key_proposed": _("Proposed for key supervision: “%(title)s”"),
        "key_listed": _("“%(title)s” is under key supervision"),
        "key_not_selected": _("“%(title)s” was not selected for key supervision"),
        "key_plan_set": _("The key supervision plan for “%(title)s” is set"),
        "key_milestone_done": _("A milestone of the key supervision of “%(title)s” is done"),
        "key_activity_invited": _("You are invited to a supervision activity on “%(title)s”"),
        "key_activity_answered": _(
            "An invitee answered about a supervision activity on “%(title)s”"
        ),
        "key_activity_held": _("A supervision activity on “%(title)s” was held"),
        "key_midterm_checked": _("Mid-term check of the key supervision of “%(title)s”"),
        "key_concluded": _("The key supervision of “%(title)s” is concluded"),
        # Written by the reminder engine (see followup.reminders); data carries due, days_left…
        "promise_due_soon": _(
            "Promise “%(promise_text)s” on “%(title)s” due %(due)s: %(days_left)s working days left"
        ),
        "promise_overdue": _("Promise “%(promise_text)s” on “%(title)s” is overdue (due %(due)s)"),
        "promise_escalated": _(
            "%(unit_name)s is %(days_overdue)s working days late on a promise for “%(title)s”"
        ),
    }
)


# Notices of an activity, for a participant who may not see the item (an invited deputy): their
# invitations page lists the activity, to answer or to read.
ACTIVITY_VERBS = frozenset({"key_activity_invited", "key_activity_held"})


def key_item_targets(user, notifications: Sequence) -> dict[int, Target]:
    """A notice about a key item (it carries `key_item`) opens the item's page when the reader may
    see it (`visible_key_items`, the page's own rule); else an activity's notice opens the
    reader's invitations, and any other one stays with its suggestion. One query in all."""
    about = {n.pk: (n.data or {}).get("key_item") for n in notifications}
    about = {pk: item for pk, item in about.items() if isinstance(item, int)}
    if not about:
        return {}
    visible = set(
        perms.visible_key_items(user)
        .filter(pk__in=set(about.values()))
        .values_list("pk", flat=True)
    )
    targets = {}
    for n in notifications:
        item = about.get(n.pk)
        if item in visible:
            targets[n.pk] = Target("key_item", item, reverse("followup:key_item", args=[item]))
        elif item is not None and n.verb in ACTIVITY_VERBS:
            targets[n.pk] = Target("invitations", None, reverse("followup:invitations"))
    return targets


TARGET_RESOLVERS.append(key_item_targets)
