"""The committee's independent satisfaction survey of deputies for a session: one response per
deputy, one answer per unit that handled the deputy's suggestions. Units only ever see
aggregates over at least `SURVEY_MIN_GROUP` answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from suggestions.models import Grade
from suggestions.models.choices import ChoiceLabelsMixin
from suggestions.models.suggestion import _perm


class Survey(ChoiceLabelsMixin, ConcurrentTransitionMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("in preparation")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    session = models.ForeignKey(
        "suggestions.Session",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("session"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = FSMField(default=State.DRAFT, choices=State.choices, protected=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self) -> str:
        return self.title

    @transition(
        status, source=State.DRAFT, target=State.OPEN, permission=_perm("can_manage_survey")
    )
    def open(self):
        pass

    @transition(
        status, source=State.OPEN, target=State.CLOSED, permission=_perm("can_manage_survey")
    )
    def close(self):
        pass


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    deputy = models.ForeignKey("suggestions.Deputy", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "deputy"], name="one_response_per_deputy")
        ]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.survey_id} · {self.submitted_at:%Y-%m-%d}"


class SurveyAnswer(ChoiceLabelsMixin, models.Model):
    """The deputy's view of one unit: satisfaction and whether the unit really met them."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    unit = models.ForeignKey("suggestions.Unit", on_delete=models.PROTECT, related_name="+")
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Grade.choices)
    met = models.BooleanField(_("met face to face"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "unit"], name="one_answer_per_unit")
        ]
        indexes = [models.Index(fields=["unit", "satisfaction"])]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.satisfaction}"
