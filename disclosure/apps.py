from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Public disclosure and statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from disclosure import cache  # noqa: F401  (connects the invalidation signals)
