from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Deputies' suggestions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the receivers that keep the dashboard's cached counts of ended suggestions
        # and each reader's cached unread count right in every process that changes a status or
        # writes a notification (web, API, Celery, commands).
        from suggestions import (
            status_counts,  # noqa: F401
            unread_badge,  # noqa: F401
        )
