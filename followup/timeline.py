"""How the follow-through's events read in a suggestion's timeline, added to the core's table by
verb (as followup.notices adds the notification texts): without them the page shows the verb."""

from django.utils.translation import gettext_lazy as _

from suggestions.templatetags.workspace import EVENT_TEXT

EVENT_TEXT.update(
    {
        "rating_changed": _("%(actor)s changed the rating"),
        "implementation_rated": _("%(actor)s rated the implementation of the promises"),
        "class_upgraded": _("%(actor)s upgraded the result class"),
        "promise_progress": _("%(actor)s reported progress on a promise"),
        "promise_confirmed": _("%(actor)s confirmed a promise as fulfilled"),
        "promise_fulfilled": _("%(actor)s confirmed a promise as fulfilled; it is fulfilled"),
        "promise_not_fulfilled": _("%(actor)s recorded a promise as not fulfilled"),
        "key_proposed": _("%(actor)s proposed it for key supervision"),
        "key_listed": _("%(actor)s put it on the key supervision list"),
        "key_not_selected": _("%(actor)s recorded that it was not selected for key supervision"),
        "key_plan_set": _("%(actor)s set the key supervision plan"),
        "key_milestone_done": _("%(actor)s completed a key supervision milestone"),
        "key_activity_scheduled": _("%(actor)s scheduled a supervision activity"),
        "key_activity_answered": _("%(actor)s answered an invitation to a supervision activity"),
        "key_activity_held": _("%(actor)s recorded a supervision activity held"),
        "key_midterm_checked": _("%(actor)s recorded the mid-term check of the key supervision"),
        "key_concluded": _("%(actor)s concluded the key supervision"),
    }
)
