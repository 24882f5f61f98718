"""Per-unit work on a suggestion: assignments (each with its own state machine), unit requests
(re-assignment, extension), contacts with the deputy, replies with promises and attachments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from security.uploads import stored_name
from suggestions.models.choices import ChoiceLabelsMixin
from suggestions.models.suggestion import _perm


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("lead unit")
    CO = "co", _("co-unit")
    SPLIT = "split", _("split unit")
    # A department's part of a dispatcher's assignment (two-tier); replies to the dispatcher.
    DEPT = "dept", _("department (forwarded)")


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("awaiting signature")
    SIGNED = "signed", _("handling")
    DRAFTED = "drafted", _("reply drafted")
    SIGNED_OFF = "signed_off", _("reply signed off")
    REPLIED = "replied", _("replied")
    OPINION_SENT = "opinion_sent", _("opinion sent")
    RELIEVED = "relieved", _("relieved")


# Assignments still counted as a unit's open work.
OPEN_ASSIGNMENT_STATUSES = (
    AssignmentStatus.ASSIGNED,
    AssignmentStatus.SIGNED,
    AssignmentStatus.DRAFTED,
    AssignmentStatus.SIGNED_OFF,
)


class Assignment(ChoiceLabelsMixin, ConcurrentTransitionMixin, models.Model):
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        "suggestions.Unit",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)
    status = FSMField(
        _("status"),
        default=AssignmentStatus.ASSIGNED,
        choices=AssignmentStatus.choices,
        protected=True,
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    assigned_at = models.DateTimeField(_("assigned at"))
    # Reply due date now in force (after extensions and re-handling); the original is kept for
    # statistics.
    due_date = models.DateField(_("reply due"), null=True, blank=True)
    original_due_date = models.DateField(_("original reply due"), null=True, blank=True)
    reassignment_due = models.DateField(_("re-assignment request due"), null=True, blank=True)
    opinion_due = models.DateField(_("co-unit opinion due"), null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opinion = models.TextField(_("co-unit opinion"), blank=True, max_length=20000)
    opinion_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )
    # The dispatcher's assignment this department's assignment was forwarded from (two-tier).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="forwarded"
    )

    class Meta:
        ordering = ["suggestion_id", "role", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["unit", "due_date"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"

    @property
    def replies_to_deputy(self) -> bool:
        """Lead and split units write a formal reply; co-units send an opinion to the lead unit."""
        return self.role in (AssignmentRole.LEAD, AssignmentRole.SPLIT)

    # --- transitions (called only by services) ---------------------------------------------
    @transition(
        status,
        source=AssignmentStatus.ASSIGNED,
        target=AssignmentStatus.SIGNED,
        permission=_perm("can_sign"),
    )
    def sign(self):
        pass

    @transition(
        status,
        source=[AssignmentStatus.ASSIGNED, AssignmentStatus.SIGNED],
        target=AssignmentStatus.OPINION_SENT,
        permission=_perm("can_submit_opinion"),
    )
    def submit_opinion(self):
        pass

    @transition(
        status,
        source=[AssignmentStatus.SIGNED, AssignmentStatus.DRAFTED],
        target=AssignmentStatus.DRAFTED,
        permission=_perm("can_draft_reply"),
    )
    def draft_reply(self):
        pass

    @transition(
        status,
        source=AssignmentStatus.DRAFTED,
        target=AssignmentStatus.SIGNED_OFF,
        permission=_perm("can_sign_off"),
    )
    def sign_off(self):
        pass

    @transition(
        status,
        source=AssignmentStatus.SIGNED_OFF,
        target=AssignmentStatus.REPLIED,
        permission=_perm("can_check_assignment_reply"),
    )
    def approve_reply(self):
        pass

    @transition(
        status,
        source=AssignmentStatus.SIGNED_OFF,
        target=AssignmentStatus.SIGNED,
        permission=_perm("can_check_assignment_reply"),
    )
    def return_reply(self):
        pass

    @transition(
        status,
        source=AssignmentStatus.REPLIED,
        target=AssignmentStatus.SIGNED,
        permission=_perm("can_reopen_assignment"),
    )
    def reopen(self):
        pass

    @transition(
        status,
        source=[
            AssignmentStatus.ASSIGNED,
            AssignmentStatus.SIGNED,
            AssignmentStatus.DRAFTED,
        ],
        target=AssignmentStatus.RELIEVED,
        permission=_perm("can_decide_request"),
    )
    def relieve(self):
        pass


class UnitRequest(ChoiceLabelsMixin, ConcurrentTransitionMixin, models.Model):
    """A unit's request to staff: to be relieved and re-assigned (申请调整) or for more time (延期)."""

    class Kind(models.TextChoices):
        REASSIGNMENT = "reassignment", _("re-assignment")
        EXTENSION = "extension", _("extension")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    state = FSMField(default=State.PENDING, choices=State.choices, protected=True)
    reason = models.TextField(_("reason"), max_length=5000)
    requested_due_date = models.DateField(_("requested due date"), null=True, blank=True)
    suggested_unit = models.ForeignKey(
        "suggestions.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested unit"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True, max_length=5000)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "kind"])]
        verbose_name = _("unit request")
        verbose_name_plural = _("unit requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.assignment}"

    @transition(
        state, source=State.PENDING, target=State.APPROVED, permission=_perm("can_decide_request")
    )
    def approve(self):
        pass

    @transition(
        state, source=State.PENDING, target=State.REJECTED, permission=_perm("can_decide_request")
    )
    def reject(self):
        pass


class Contact(ChoiceLabelsMixin, models.Model):
    """A unit's contact with the deputy (联系沟通 / 三见面)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("face-to-face meeting")
        PHONE = "phone", _("phone call")
        VISIT = "visit", _("site visit")
        OTHER = "other", _("other")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True, max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class ResultClass(models.TextChoices):
    A = "A", _("A · solved or basically solved")
    B = "B", _("B · being solved or planned")
    C = "C", _("C · to be solved when conditions allow")
    D = "D", _("D · kept for reference")


class Reply(ChoiceLabelsMixin, models.Model):
    """A unit's reply for one round; editable until the unit head signs it off."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    result_class = models.CharField(_("result class"), max_length=1, choices=ResultClass.choices)
    # The class as first replied; kept for statistics when a fulfilled promise upgrades it (B→A).
    original_class = models.CharField(max_length=1, choices=ResultClass.choices, blank=True)
    text = models.TextField(_("reply text"), max_length=50000)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(auto_now=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "round"], name="one_reply_per_round")
        ]
        indexes = [models.Index(fields=["approved_at"])]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.assignment.unit} · {self.result_class}"


class Promise(ChoiceLabelsMixin, models.Model):
    """A concrete promise (承诺事项) in a B or C reply, followed up after closure."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        FULFILLED = "fulfilled", _("fulfilled")
        NOT_FULFILLED = "not_fulfilled", _("not fulfilled")

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="promises")
    unit = models.ForeignKey("suggestions.Unit", on_delete=models.PROTECT, related_name="promises")
    text = models.CharField(_("promise"), max_length=1000)
    due_date = models.DateField(_("due date"))
    state = models.CharField(max_length=15, choices=State.choices, default=State.OPEN)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["unit", "state"]),
        ]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")

    def __str__(self) -> str:
        return self.text


def attachment_path(instance, filename: str) -> str:
    return f"attachments/{instance.reply.assignment.suggestion_id}/{stored_name(filename)}"


class Attachment(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
