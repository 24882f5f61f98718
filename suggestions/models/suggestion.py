"""A suggestion and its co-signers. `Suggestion.status` is the business truth (django-fsm-2).

Transitions here only say which state changes exist and who may ask for them; the services in
`suggestions.services` are the only callers (they lock, check, log the event and notify).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from suggestions import permissions as perms
from suggestions.models.choices import ChoiceLabelsMixin


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    MERGED = "merged", _("merged")
    WITHDRAWN = "withdrawn", _("withdrawn")
    ASSIGNED = "assigned", _("assigned")
    HANDLING = "handling", _("handling")
    HANDLED = "handled", _("handled")
    REPLIED = "replied", _("replied")
    RATED = "rated", _("rated")
    REHANDLING = "rehandling", _("re-handling")
    CLOSED = "closed", _("closed")


# States from which nothing more happens to the suggestion itself.
TERMINAL_STATUSES = (Status.NOT_ACCEPTED, Status.MERGED, Status.WITHDRAWN, Status.CLOSED)
# States in which units work on it.
ACTIVE_HANDLING_STATUSES = (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING, Status.HANDLED)
# States of a suggestion the committee has assigned to units (whatever happened since).
ASSIGNED_STATUSES = (
    Status.ASSIGNED,
    Status.HANDLING,
    Status.HANDLED,
    Status.REPLIED,
    Status.RATED,
    Status.REHANDLING,
    Status.CLOSED,
)


class Consent(models.TextChoices):
    FULL = "full", _("publish in full")
    TITLE = "title", _("publish the title only")
    NONE = "none", _("do not publish")


class AssignmentMode(models.TextChoices):
    JOINT = "joint", _("lead unit with co-units")
    SPLIT = "split", _("several units each reply")


def _perm(predicate_name: str):
    """FSM permission adapter: django-fsm passes (instance, user); our predicates take (user, obj)."""

    def check(instance, user) -> bool:
        return getattr(perms, predicate_name)(user, instance)

    check.__name__ = predicate_name
    return check


class Suggestion(ChoiceLabelsMixin, ConcurrentTransitionMixin, models.Model):
    session = models.ForeignKey(
        "suggestions.Session",
        on_delete=models.PROTECT,
        related_name="suggestions",
        verbose_name=_("session"),
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), max_length=20000)
    category = models.ForeignKey(
        "suggestions.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("category"),
    )
    lead_deputy = models.ForeignKey(
        "suggestions.Deputy",
        on_delete=models.PROTECT,
        related_name="led_suggestions",
        verbose_name=_("lead deputy"),
    )
    publication_consent = models.CharField(
        _("publication consent"), max_length=10, choices=Consent.choices, default=Consent.FULL
    )
    in_session = models.BooleanField(_("submitted during the congress session"), default=False)
    status = FSMField(
        _("status"), default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True
    )
    assignment_mode = models.CharField(
        _("assignment mode"), max_length=10, choices=AssignmentMode.choices, blank=True
    )
    # Handling round: 1 for the first reply, 2+ after a dissatisfied rating re-opens handling.
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    not_accepted_reason = models.TextField(_("reason for not accepting"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    rating_due = models.DateField(_("rating due"), null=True, blank=True)
    # Who registered it: the lead deputy's own account, or committee staff entering a paper
    # suggestion (or an import) on the deputy's behalf. It decides who sees it while it is a
    # draft (`permissions.can_view_draft`); none is the lead deputy's own.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("registered by"),
    )
    # Registered by committee staff (from paper, or by import) on the deputy's behalf: fixed when
    # the suggestion is created, as the office's fact, whatever becomes of the account later.
    # A column, not a lookup of `created_by`'s role: every staff list filters drafts by it
    # (`permissions.can_view_draft`), and a subquery over the accounts cost each one ~1 ms.
    registered_by_staff = models.BooleanField(
        _("registered by committee staff"), default=False, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-session__year", "number", "-created_at"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"],
                name="unique_number_per_session",
                condition=models.Q(number__isnull=False),
            )
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["lead_deputy", "status"]),
            models.Index(fields=["category"]),
            models.Index(fields=["-created_at"]),
            # List filters: staff queues (status, oldest first), staff list (status, newest
            # first), a deputy's own suggestions (newest first).
            models.Index(fields=["status", "submitted_at"], name="sugg_status_submitted_idx"),
            models.Index(fields=["status", "-created_at"], name="sugg_status_created_idx"),
            models.Index(fields=["lead_deputy", "-created_at"], name="sugg_deputy_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.display_number} {self.title}"

    @property
    def display_number(self) -> str:
        return f"第{self.number:04d}号" if self.number else str(_("(unnumbered draft)"))

    # --- transitions (called only by services) ---------------------------------------------
    @transition(
        status, source=Status.DRAFT, target=Status.SUBMITTED, permission=_perm("can_submit")
    )
    def submit(self):
        pass

    @transition(
        status,
        source=[Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED],
        target=Status.WITHDRAWN,
        permission=_perm("can_withdraw"),
    )
    def withdraw(self):
        pass

    @transition(
        status, source=Status.SUBMITTED, target=Status.ACCEPTED, permission=_perm("can_review")
    )
    def accept(self):
        pass

    @transition(
        status, source=Status.SUBMITTED, target=Status.NOT_ACCEPTED, permission=_perm("can_review")
    )
    def not_accept(self):
        pass

    @transition(
        status,
        source=[Status.SUBMITTED, Status.ACCEPTED],
        target=Status.MERGED,
        permission=_perm("can_review"),
    )
    def merge(self):
        pass

    @transition(
        status, source=Status.ACCEPTED, target=Status.ASSIGNED, permission=_perm("can_assign")
    )
    def assign(self):
        pass

    @transition(
        status,
        source=Status.ASSIGNED,
        target=Status.HANDLING,
        permission=_perm("can_start_handling"),
    )
    def start_handling(self):
        pass

    @transition(
        status,
        source=[Status.ASSIGNED, Status.HANDLING, Status.REHANDLING],
        target=Status.HANDLED,
        permission=_perm("can_finish_handling"),
    )
    def finish_handling(self):
        pass

    @transition(
        status,
        source=Status.HANDLED,
        target=RETURN_VALUE(Status.HANDLING, Status.REHANDLING),
        permission=_perm("can_check_reply"),
    )
    def return_reply(self):
        return Status.REHANDLING if self.round > 1 else Status.HANDLING

    @transition(
        status, source=Status.HANDLED, target=Status.REPLIED, permission=_perm("can_check_reply")
    )
    def approve_reply(self):
        pass

    @transition(
        status,
        source=Status.REPLIED,
        target=RETURN_VALUE(Status.RATED, Status.REHANDLING),
        permission=_perm("can_rate"),
    )
    def rate(self, dissatisfied: bool):
        return Status.REHANDLING if dissatisfied else Status.RATED

    @transition(
        status,
        source=[Status.RATED, Status.REPLIED],
        target=Status.CLOSED,
        permission=_perm("can_close"),
    )
    def close(self):
        pass


class CoSigner(ChoiceLabelsMixin, models.Model):
    """A deputy invited to co-sign (联名/附议); must confirm before the suggestion is submitted."""

    class State(models.TextChoices):
        INVITED = "invited", _("invited")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="cosigners")
    deputy = models.ForeignKey(
        "suggestions.Deputy", on_delete=models.PROTECT, related_name="cosignatures"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.INVITED)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "deputy"], name="unique_cosigner")
        ]
        indexes = [models.Index(fields=["deputy", "state"])]
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")

    def __str__(self) -> str:
        return f"{self.deputy} ({self.get_state_display()})"
