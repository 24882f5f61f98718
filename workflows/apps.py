from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Workflow")

    def ready(self):
        from suggestions.signals import suggestion_created, suggestion_status_changed

        from . import sync

        suggestion_created.connect(sync.start_process, dispatch_uid="workflows.start")
        suggestion_status_changed.connect(sync.follow_status, dispatch_uid="workflows.follow")
