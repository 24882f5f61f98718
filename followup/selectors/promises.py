"""Promises: which are tracked and who sees them, and the follow-through figures (落实率,
implementation ratings). Reminders of due promises are `followup.reminders`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet

from followup.models import Evidence
from suggestions import permissions as perms
from suggestions.models import AssignmentRole, AssignmentStatus, Grade, Promise
from suggestions.rates import percent


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
    figures["rate"] = percent(figures["fulfilled_due"], figures["due"])
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
    counts["satisfied_rate"] = percent(
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


def evidence_for(user, pk) -> Evidence | None:
    """An evidence file of a promise the user may see, or None (the caller answers 404)."""
    evidence = Evidence.objects.select_related("update").filter(pk=pk).first()
    if evidence is None:
        return None
    if not perms.visible_promises(user).filter(pk=evidence.update.promise_id).exists():
        return None
    return evidence
