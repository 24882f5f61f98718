"""Deputies' ratings of a reply, one per deputy per handling round, given with their own account
or entered by staff from the deputy's paper feedback form."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suggestions.models.choices import ChoiceLabelsMixin


class Grade(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    DISSATISFIED = "dissatisfied", _("dissatisfied")


class Rating(ChoiceLabelsMixin, models.Model):
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="ratings"
    )
    deputy = models.ForeignKey(
        "suggestions.Deputy", on_delete=models.PROTECT, related_name="ratings"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    process = models.CharField(_("handling process"), max_length=20, choices=Grade.choices)
    result = models.CharField(_("handling result"), max_length=20, choices=Grade.choices)
    # Whether the deputy confirms the unit met them face to face; only this counts as a meeting.
    met = models.BooleanField(_("met face to face"))
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    # Answers of a paper feedback form (征询意见表) entered by staff for a deputy without an
    # account; statistics and the audit tell them apart from ratings the deputy gave in person.
    entered_by_staff = models.BooleanField(_("entered by staff from a paper form"), default=False)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["suggestion_id", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "deputy", "round"], name="one_rating_per_deputy_round"
            )
        ]
        indexes = [
            models.Index(fields=["suggestion", "round"]),
            # The staff list's "rating entered by staff" filter: such ratings are few, so an
            # index over only them lets the database start from them instead of testing every
            # suggestion of the list.
            models.Index(
                fields=["suggestion"],
                name="rating_entered_by_staff_idx",
                condition=models.Q(entered_by_staff=True),
            ),
        ]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.deputy} · {self.get_result_display()}"
