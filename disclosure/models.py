"""Publication of a handled suggestion: the redacted texts the public sees, who approved, when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suggestions.models import ResultClass


class Publication(models.Model):
    """One per suggestion. Staff prepare redacted copies of title, content and reply; the public
    pages read only these copies, never the originals."""

    class State(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn from publication")

    suggestion = models.OneToOneField(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="publication"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("published title"), max_length=200)
    # Empty unless the deputy consented to publish the content in full.
    content = models.TextField(_("published content"), blank=True, max_length=20000)
    reply_text = models.TextField(_("published reply"), blank=True, max_length=100000)
    # Snapshot at publication for filtering the public list by class (original class, see
    # disclosure.statistics for why).
    result_class = models.CharField(
        _("result class"), max_length=1, choices=ResultClass.choices, blank=True
    )
    due_date = models.DateField(_("publish by"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-approved_at", "-id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            models.Index(fields=["state", "-approved_at"]),
            models.Index(fields=["state", "result_class"]),
            models.Index(fields=["state", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.title
