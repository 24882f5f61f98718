from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("Office tools")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from office import signals, timeline  # noqa: F401  (search index in step; timeline texts)
