from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-through")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the notification and timeline texts and the signal receivers.
        from followup import notices, receivers, timeline  # noqa: F401
