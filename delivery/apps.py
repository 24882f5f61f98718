from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Delivery and reminders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the outbox kick to every notification and the calendar cache to its edits.
        from delivery import outbox  # noqa: F401
        from suggestions import workdays  # noqa: F401
