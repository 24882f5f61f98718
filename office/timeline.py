"""How the office tools' events read in a suggestion's timeline, added to the core's table by
verb: without them the page shows the verb."""

from django.utils.translation import gettext_lazy as _

from suggestions.templatetags.workspace import EVENT_TEXT

EVENT_TEXT.update(
    {
        "cosign_confirmed_on_paper": _("%(actor)s recorded the co-signers' confirmation on paper"),
        "forwarded": _("%(actor)s forwarded it to the handling departments"),
        "forwarded_reply_returned": _("%(actor)s returned a department's reply for revision"),
        "forwarded_replies_accepted": _("%(actor)s accepted the departments' replies"),
    }
)
