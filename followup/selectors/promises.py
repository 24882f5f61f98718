"""Promises: which are due, what should be reminded on a day (the hook for the reminder engine),
and the follow-through figures (落实率, implementation ratings)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from followup.models import Evidence
from suggestions import permissions as perms
from suggestions.models import AssignmentRole, AssignmentStatus, Grade, Promise, Role, User


def tracked_promises() -> QuerySet:
    """Promises of approved replies (the ones the deputy received) of replying units."""
    return Promise.objects.filter(
        reply__approved_at__isnull=False,
        reply__assignment__role__in=(AssignmentRole.LEAD, AssignmentRole.SPLIT),
    ).exclude(reply__assignment__status=AssignmentStatus.RELIEVED)


def visible_tracked_promises(user) -> QuerySet:
    """The tracked promises this user may see (perms.visible_promises)."""
    return perms.visible_promises(user).filter(pk__in=tracked_promises().values("pk"))


def suggestion_promises(suggestion) -> QuerySet:
    return tracked_promises().filter(reply__assignment__suggestion=suggestion)


def promises_due(on_date: dt.date | None = None) -> QuerySet:
    """Open promises whose date has come (due on or before `on_date`, default today)."""
    on_date = on_date or timezone.localdate()
    return (
        tracked_promises()
        .filter(state=Promise.State.OPEN, due_date__lte=on_date)
        .select_related("unit", "reply__assignment__suggestion")
        .order_by("due_date", "id")
    )


@dataclass
class PromiseReminder:
    """One reminder the delivery engine should send. `key` is stable for a promise, kind and day
    so that a re-run of the same day delivers nothing twice."""

    promise: Promise
    kind: str  # "upcoming", "due_today" or "overdue"
    days: int  # days until due (negative when overdue)
    recipients: list[User] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"promise:{self.promise.pk}:{self.kind}"

    @property
    def verb(self) -> str:
        """The notification verb (texts in `followup.notices`)."""
        return "promise_overdue" if self.kind == "overdue" else "promise_due_soon"

    @property
    def suggestion(self):
        return self.promise.reply.assignment.suggestion


def promise_reminders(on_date: dt.date | None = None) -> list[PromiseReminder]:
    """What should be reminded on `on_date` (default today): open promises due within
    PROMISE_REMIND_DAYS_BEFORE days (to the unit) and overdue ones (to the unit and staff).
    The hook the reminder engine calls daily; two queries whatever the number of promises."""
    on_date = on_date or timezone.localdate()
    horizon = on_date + dt.timedelta(days=settings.PROMISE_REMIND_DAYS_BEFORE)
    promises = list(
        tracked_promises()
        .filter(state=Promise.State.OPEN, due_date__lte=horizon)
        .select_related("unit", "reply__assignment__suggestion")
        .order_by("due_date", "id")
    )
    unit_ids = {p.unit_id for p in promises}
    by_unit: dict[int, list[User]] = {}
    staff: list[User] = []
    users = User.objects.filter(is_active=True).filter(
        Q(role=Role.STAFF) | Q(unit_id__in=unit_ids, role__in=(Role.UNIT_HANDLER, Role.UNIT_HEAD))
    )
    for user in users:
        if user.role == Role.STAFF:
            staff.append(user)
        else:
            by_unit.setdefault(user.unit_id, []).append(user)
    reminders = []
    for promise in promises:
        days = (promise.due_date - on_date).days
        kind = "upcoming" if days > 0 else "due_today" if days == 0 else "overdue"
        recipients = list(by_unit.get(promise.unit_id, []))
        if kind == "overdue":
            recipients += staff
        reminders.append(PromiseReminder(promise, kind, days, recipients))
    return reminders


def promise_figures(*, session=None, as_of: dt.date) -> dict:
    """落实率 = promises fulfilled ÷ promises due by `as_of`; both counts are given."""
    qs = tracked_promises()
    if session is not None:
        qs = qs.filter(reply__assignment__suggestion__session=session)
    due = Q(due_date__lte=as_of)
    figures = qs.aggregate(
        total=Count("id"),
        due=Count("id", filter=due),
        fulfilled_due=Count("id", filter=due & Q(state=Promise.State.FULFILLED)),
        fulfilled=Count("id", filter=Q(state=Promise.State.FULFILLED)),
        not_fulfilled=Count("id", filter=Q(state=Promise.State.NOT_FULFILLED)),
        open=Count("id", filter=Q(state=Promise.State.OPEN)),
    )
    figures["rate"] = _ratio(figures["fulfilled_due"], figures["due"])
    return figures


def implementation_figures(*, session=None) -> dict:
    """Implementation ratings (落实评价), reported apart from the reply ratings."""
    from followup.models import ImplementationRating

    qs = ImplementationRating.objects.all()
    if session is not None:
        qs = qs.filter(suggestion__session=session)
    counts = qs.aggregate(
        rated=Count("id"),
        **{grade: Count("id", filter=Q(grade=grade)) for grade in Grade.values},
    )
    counts["satisfied_rate"] = _ratio(
        counts[Grade.SATISFIED] + counts[Grade.BASICALLY_SATISFIED], counts["rated"]
    )
    return counts


def class_figures(*, session=None) -> dict:
    """Replies per result class as first replied (`original_class`, for 解决率 as reported at
    the time) and as now, after upgrades for fulfilled promises. Approved replies only."""
    from suggestions.models import Reply, ResultClass

    qs = Reply.objects.filter(approved_at__isnull=False)
    if session is not None:
        qs = qs.filter(assignment__suggestion__session=session)
    counts = {}
    for c in ResultClass.values:
        counts[f"original_{c}"] = Count("id", filter=Q(original_class=c))
        counts[f"current_{c}"] = Count("id", filter=Q(result_class=c))
    figures = qs.aggregate(
        replies=Count("id"),
        upgraded=Count("id", filter=~Q(original_class=F("result_class")) & ~Q(original_class="")),
        **counts,
    )
    return figures


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


def evidence_for(user, pk) -> Evidence | None:
    """An evidence file of a promise the user may see, or None (the caller answers 404)."""
    evidence = Evidence.objects.select_related("update").filter(pk=pk).first()
    if evidence is None:
        return None
    if not perms.visible_promises(user).filter(pk=evidence.update.promise_id).exists():
        return None
    return evidence
