"""Key supervision (重点督办) items: staff propose, the leaders' meeting decides; each item (one
suggestion or a topic grouping several) has a leading leader, a responsible committee, the lead
unit's head as responsible person, a plan with milestones, supervision activities with
participants, a mid-term check and a conclusion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from suggestions.models.choices import ChoiceLabelsMixin
from suggestions.models.suggestion import _perm


class KeyItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    REJECTED = "rejected", _("not selected")
    LISTED = "listed", _("under key supervision")
    MIDTERM = "midterm", _("mid-term checked")
    CONCLUDED = "concluded", _("concluded")


# Items the public and the leaders see on the key list.
LISTED_STATUSES = (KeyItemStatus.LISTED, KeyItemStatus.MIDTERM, KeyItemStatus.CONCLUDED)


class KeyItem(ChoiceLabelsMixin, ConcurrentTransitionMixin, models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single suggestion")
        TOPIC = "topic", _("topic")

    session = models.ForeignKey(
        "suggestions.Session",
        on_delete=models.PROTECT,
        related_name="key_items",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    suggestions = models.ManyToManyField(
        "suggestions.Suggestion", through="KeyItemSuggestion", related_name="key_items"
    )
    status = FSMField(
        _("status"),
        default=KeyItemStatus.PROPOSED,
        choices=KeyItemStatus.choices,
        protected=True,
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="key_items",
        verbose_name=_("leading committee leader"),
    )
    responsible_committee = models.CharField(_("responsible committee"), max_length=100)
    lead_unit = models.ForeignKey(
        "suggestions.Unit",
        on_delete=models.PROTECT,
        related_name="key_items",
        verbose_name=_("lead unit"),
    )
    # The lead unit's head, answerable for the item (责任人).
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("responsible person"),
    )
    reason = models.TextField(_("reason for proposing"), blank=True, max_length=5000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    meeting_ref = models.CharField(_("leaders' meeting"), max_length=100, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    plan = models.TextField(_("plan"), blank=True, max_length=10000)
    midterm_note = models.TextField(_("mid-term check"), blank=True, max_length=10000)
    midterm_at = models.DateTimeField(null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True, max_length=10000)
    committee_opinion = models.TextField(_("committee's opinion"), blank=True, max_length=10000)
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-session__year", "id"]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["leader", "status"]),
        ]
        verbose_name = _("key supervision item")
        verbose_name_plural = _("key supervision items")

    def __str__(self) -> str:
        return self.title

    # --- transitions (called only by services) ---------------------------------------------
    @transition(
        status,
        source=KeyItemStatus.PROPOSED,
        target=KeyItemStatus.LISTED,
        permission=_perm("can_decide_key_item"),
    )
    def select(self):
        pass

    @transition(
        status,
        source=KeyItemStatus.PROPOSED,
        target=KeyItemStatus.REJECTED,
        permission=_perm("can_decide_key_item"),
    )
    def reject(self):
        pass

    @transition(
        status,
        source=KeyItemStatus.LISTED,
        target=KeyItemStatus.MIDTERM,
        permission=_perm("can_manage_key_item"),
    )
    def check_midterm(self):
        pass

    @transition(
        status,
        source=[KeyItemStatus.LISTED, KeyItemStatus.MIDTERM],
        target=KeyItemStatus.CONCLUDED,
        permission=_perm("can_manage_key_item"),
    )
    def conclude(self):
        pass


class KeyItemSuggestion(models.Model):
    item = models.ForeignKey(KeyItem, on_delete=models.CASCADE, related_name="links")
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "suggestion"], name="unique_key_item_suggestion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} · {self.suggestion_id}"


class Milestone(models.Model):
    """A step of the item's plan, with its date."""

    item = models.ForeignKey(KeyItem, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_at = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("inspection")
    MEETING = "meeting", _("supervision meeting")
    SURVEY = "survey", _("field survey")


class Activity(ChoiceLabelsMixin, ConcurrentTransitionMixin, models.Model):
    """A supervision activity (视察 / 督办会 / 调研): scheduled with participants, then held."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")

    item = models.ForeignKey(KeyItem, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=15, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = FSMField(default=State.SCHEDULED, choices=State.choices, protected=True)
    findings = models.TextField(_("findings"), blank=True, max_length=20000)
    held_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["item", "date"])]
        verbose_name = _("supervision activity")
        verbose_name_plural = _("supervision activities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    @transition(
        status, source=State.SCHEDULED, target=State.HELD, permission=_perm("can_manage_activity")
    )
    def hold(self):
        pass


class ActivityParticipant(ChoiceLabelsMixin, models.Model):
    """Someone taking part; invited deputies accept or decline, the others are simply listed."""

    class Answer(models.TextChoices):
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="activity_invitations"
    )
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.INVITED)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="unique_activity_participant")
        ]
        indexes = [models.Index(fields=["user", "answer"])]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.user} · {self.answer}"
