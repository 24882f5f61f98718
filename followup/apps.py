from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-through")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from followup import notices, receivers  # noqa: F401  (registers texts and receivers)
