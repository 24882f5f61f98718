"""Reactions to core changes: a new rating that denies a claimed meeting is flagged to staff.

The core rating service stays unaware of this app; the receiver runs inside its transaction.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from suggestions.models import Rating


@receiver(post_save, sender=Rating, dispatch_uid="followup_flag_denied_meeting")
def rating_saved(sender, instance: Rating, created: bool, raw: bool = False, **kwargs) -> None:
    # `raw`: loaddata (a restore) writes rows as they were; its flags are restored, not re-made.
    if created and not raw:
        from followup.services.ratings import flag_denied_meeting

        flag_denied_meeting(instance, actor=instance.rated_by)
