from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Deputies' suggestions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the receiver that keeps the dashboard's cached counts of ended suggestions
        # right in every process that changes a status (web, API, Celery, commands).
        from suggestions import status_counts  # noqa: F401
