"""Key supervision (重点督办): an overlay on a suggestion, led by a committee leader."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KeySupervision(models.Model):
    suggestion = models.OneToOneField(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="key_supervision"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_supervisions",
        verbose_name=_("leading committee leader"),
    )
    responsible_committee = models.CharField(_("responsible committee"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=5000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("key supervision")
        verbose_name_plural = _("key supervisions")

    def __str__(self) -> str:
        return f"{self.suggestion} · {self.leader}"
