"""Follow-up of promises (承诺事项) after the reply: progress updates with evidence, the three
separate confirmations (deputy, unit, staff), how each promise ended, and the deputy's
implementation rating (落实评价) once the last promise has ended."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from security.uploads import stored_name
from suggestions.models import Grade
from suggestions.models.choices import ChoiceLabelsMixin


class Party(models.TextChoices):
    DEPUTY = "deputy", _("deputy")
    UNIT = "unit", _("handling unit")
    STAFF = "staff", _("committee staff")


class PromiseUpdate(models.Model):
    """A unit's progress report on one promise."""

    promise = models.ForeignKey(
        "suggestions.Promise", on_delete=models.CASCADE, related_name="updates"
    )
    text = models.TextField(_("progress"), max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["promise", "created_at"])]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return self.text[:50]


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.update.promise_id}/{stored_name(filename)}"


class Evidence(models.Model):
    """A photo or document attached to a progress update; served only through a checked view."""

    update = models.ForeignKey(PromiseUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.name


class PromiseConfirmation(ChoiceLabelsMixin, models.Model):
    """One party's confirmation that a promise was kept; all three are needed to fulfil it."""

    promise = models.ForeignKey(
        "suggestions.Promise", on_delete=models.CASCADE, related_name="confirmations"
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["promise", "party"], name="one_confirmation_per_party")
        ]
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")

    def __str__(self) -> str:
        return f"{self.promise_id} · {self.party}"


class PromiseOutcome(models.Model):
    """How and when a promise ended; the explanation is required when it was not fulfilled."""

    promise = models.OneToOneField(
        "suggestions.Promise", on_delete=models.CASCADE, related_name="outcome"
    )
    fulfilled = models.BooleanField(_("fulfilled"))
    explanation = models.TextField(_("explanation"), blank=True, max_length=5000)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["fulfilled", "ended_at"])]
        verbose_name = _("promise outcome")
        verbose_name_plural = _("promise outcomes")

    def __str__(self) -> str:
        return f"{self.promise_id} · {self.fulfilled}"


class ImplementationRating(ChoiceLabelsMixin, models.Model):
    """The deputy's second rating (落实评价), on how the promises were kept; reported separately
    from the reply rating."""

    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="implementation_ratings"
    )
    deputy = models.ForeignKey(
        "suggestions.Deputy", on_delete=models.PROTECT, related_name="implementation_ratings"
    )
    grade = models.CharField(_("implementation"), max_length=20, choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "deputy"], name="one_implementation_rating_per_deputy"
            )
        ]
        indexes = [models.Index(fields=["grade"])]
        verbose_name = _("implementation rating")
        verbose_name_plural = _("implementation ratings")

    def __str__(self) -> str:
        return f"{self.deputy} · {self.get_grade_display()}"
