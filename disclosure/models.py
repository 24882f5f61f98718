"""Publication of a handled suggestion: the redacted texts the public sees, who approved, when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suggestions.models import ResultClass
from suggestions.models.choices import ChoiceLabelsMixin


class Publication(ChoiceLabelsMixin, models.Model):
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


class AwardSelection(ChoiceLabelsMixin, models.Model):
    """A yearly selection (评选) for a session: excellent suggestions and advanced units."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        PUBLISHED = "published", _("published")

    session = models.OneToOneField(
        "suggestions.Session",
        on_delete=models.PROTECT,
        related_name="award_selection",
        verbose_name=_("session"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    # Exclusion rule: units below this satisfied-or-basically-satisfied rate are not eligible.
    min_satisfaction = models.DecimalField(
        _("minimum satisfaction"), max_digits=4, decimal_places=3, default=0.8
    )
    # Share of ranked units named advanced (often 20–25 %).
    unit_share = models.DecimalField(
        _("share of units"), max_digits=4, decimal_places=3, default=0.25
    )
    excellent_count = models.PositiveSmallIntegerField(_("excellent suggestions"), default=10)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("award selection")
        verbose_name_plural = _("award selections")

    def __str__(self) -> str:
        return str(self.session)


class Nomination(models.Model):
    """A candidate excellent suggestion (优秀代表建议), nominated and scored by staff."""

    selection = models.ForeignKey(
        AwardSelection, on_delete=models.CASCADE, related_name="nominations"
    )
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.PROTECT, related_name="nominations"
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    awarded = models.BooleanField(_("awarded"), default=False)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "suggestion"], name="one_nomination")
        ]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return str(self.suggestion)


class UnitAward(models.Model):
    """The published ranking of one unit, frozen when the selection is published."""

    selection = models.ForeignKey(
        AwardSelection, on_delete=models.CASCADE, related_name="unit_results"
    )
    unit = models.ForeignKey("suggestions.Unit", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    excluded_reason = models.CharField(_("excluded because"), max_length=200, blank=True)
    awarded = models.BooleanField(_("advanced unit"), default=False)

    class Meta:
        ordering = ["rank", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["selection", "unit"], name="one_unit_award")]
        verbose_name = _("unit award")
        verbose_name_plural = _("unit awards")

    def __str__(self) -> str:
        return f"{self.unit} · {self.score}"
